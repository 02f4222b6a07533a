// @paywise/sdk/testing/msw: the fake PayWise as Mock Service Worker (msw 2) request handlers, for
// a suite that already runs MSW. The same answers, scripts, faults and recordings as the fake's
// own fetch: the handlers hand each request to the fake. An entry of its own, so that importing
// @paywise/sdk/testing never loads msw, an optional peer dependency.
import { http, HttpResponse, type HttpHandler } from "msw";
import { fromFetchArguments, type FakePayWise } from "./fake/fake";
import { isFakeFault } from "./fake/faults";

/** Options of {@link paywiseHandlers}. */
export interface PayWiseHandlersOptions {
  /** The client's `baseUrl`: the handlers answer the requests under it. */
  baseUrl: string;
}

/**
 * MSW handlers that answer the PayWise requests under `baseUrl` from `fake`:
 * `setupServer(...paywiseHandlers(fake, { baseUrl }))`. A connection fault rejects the client's
 * fetch with the fake's undici-shaped error (MSW passes an error with a code and an errno through
 * as it is), and "noAnswer" holds the request until the client aborts it.
 */
export function paywiseHandlers(fake: FakePayWise, options: PayWiseHandlersOptions): HttpHandler[] {
  if (!fake || typeof fake.handle !== "function") throw new TypeError("paywiseHandlers: pass the fake from createFakePayWise()");
  let base: URL;
  try {
    base = new URL(options?.baseUrl);
  } catch {
    throw new TypeError(`paywiseHandlers: baseUrl must be an absolute URL, such as the client's baseUrl; got ${JSON.stringify(options?.baseUrl)}`);
  }
  const prefix = base.href.replace(/\/+$/, "");
  // Every method and path under the base URL: the fake itself routes, and answers 404 to what the contract lacks.
  return [
    http.all(`${prefix}/*`, async ({ request }) => {
      try {
        return await fake.handle(await fromFetchArguments(request, undefined));
      } catch (error) {
        return networkError(error);
      }
    }),
  ];
}

/**
 * An `onUnhandledRequest` for `server.listen({ onUnhandledRequest })`: like MSW's "error" strategy,
 * it fails the request that no handler matched and says so on stderr, but with its method and path
 * only (a URL's path is percent-encoded: no control character reaches the terminal). MSW's own strategies print the request body, which for PayWise holds session and
 * authorisation tokens (issue 28).
 */
export function onUnhandledRequest(request: Request): never {
  const line = `[MSW] Error: a request matched no handler: ${request.method} ${new URL(request.url).pathname}. Add a handler for it (paywiseHandlers covers PayWise under its baseUrl); its body is not printed, as it may hold tokens.`;
  console.error(line);
  // MSW passes an error with a code and an errno to the client's fetch as a network error (as
  // networkError below relies on); any other error would become a 500 answer.
  throw Object.assign(new Error(line), { code: "ERR_PAYWISE_UNHANDLED_REQUEST", errno: -1 });
}

/**
 * A fault as MSW's network error (HttpResponse.error()), which MSW hands to the client's fetch as
 * the cause of its TypeError("Failed to fetch"). The error's code goes on it (ECONNREFUSED,
 * ECONNRESET, …), so that the SDK tells a refusal from a reset as it does with undici's own error.
 * A handler that threw instead would work too, but MSW logs every thrown error as a crash.
 * "noAnswer" ends when the client aborts; the client then reads its own signal, not this answer.
 */
function networkError(error: unknown): Response {
  const { code, errno, cause } = (error ?? {}) as { code?: unknown; errno?: unknown; cause?: { message?: unknown } };
  const failed = HttpResponse.error();
  if (isFakeFault(error)) Object.assign(failed, { code, errno, message: cause?.message });
  return failed;
}
