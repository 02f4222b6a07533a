// Runs one operation: checks the call's options and input, builds the PayWise headers, sends
// through openapi-fetch with the retrying transport beneath it, and turns the answer into the
// payload or a typed error.
import createClient, { type Client } from "openapi-fetch";
import type * as z from "zod/mini";
import { CONTRACT_VERSION, type paths } from "../generated/current";
import { APIPromise, type WithResponse } from "./api-promise";
import { isEnvelope, isErrorEnvelope, splitEnvelope, type Envelope } from "./envelope";
import { APIConnectionError, InvalidRequestError, InvalidResponseError, PayWiseError, makeAPIError, type APIError } from "./errors";
import { assertHeaderSafe, currentRequestDate, mergeHeaders } from "./headers";
import { createLevelledLogger, type LevelledLogger } from "./logger";
import { checkHeaders, checkMaxRetries, checkTimeout, type ResolvedOptions } from "./options";
import { maskKnownPersonal, personalValuesIn, redact, redactHeaders, sanitizeCause, scrubber, scrubText, secretHeaderValues, secretValuesIn } from "./redact";
import type { RetryMode } from "./retry";
import { createTransport, TransportRequest } from "./transport";
import { checkResponse, validateInput } from "./validation";

/** Options every operation takes as its last argument. */
export interface RequestOptions {
  /** Cancels the call, waits included; the call then rejects with APIUserAbortError. */
  signal?: AbortSignal;
  /** Time allowed for each attempt of this call, in milliseconds. @default the client's timeout */
  timeout?: number;
  /** Retries for this call, where retrying is safe. @default the client's maxRetries */
  maxRetries?: number;
  /** Extra headers for this call; they override the client's and the SDK's. @default {} */
  headers?: Record<string, string>;
}

/** What the SDK knows about an operation beyond its types. */
export interface Operation<Input> {
  /** The public method name, for messages and logs. */
  name: string;
  retryMode: RetryMode;
  inputSchema: z.ZodMiniType<Input>;
  /** The 200 answer's schema. */
  responseSchema: z.ZodMiniType;
  /** The operation's header parameters, for checking headers a caller overrides. */
  headerSchema: z.ZodMiniType;
  /** Per-call options of this operation alone, turned into headers (account_session's requestId). */
  callHeaders?: { options: readonly string[]; headers(options: Record<string, unknown>): Record<string, string> };
}

/** The PayWise headers every operation sends; account_session adds PW-request-id. */
export type PayWiseHeaders = paths["/account/balance"]["post"]["parameters"]["header"] & Record<string, string>;

/** What an operation hands to openapi-fetch, besides its own path, body or query. */
export interface SendInit {
  header: PayWiseHeaders;
  query: { version: typeof CONTRACT_VERSION; diagnostics?: boolean };
  fetch: (request: Request) => Promise<Response>;
  parseAs: "stream";
}

type SendResult = { data?: unknown; error?: unknown; response: Response };

const REQUEST_OPTION_NAMES = ["signal", "timeout", "maxRetries", "headers"];
const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;
const utf8 = new TextDecoder();

export class Core {
  readonly api: Client<paths>;
  readonly #options: ResolvedOptions;
  readonly #logger: LevelledLogger;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.#logger = createLevelledLogger(options.logLevel, options.logger);
    // The transport is the only reader of the requests openapi-fetch builds, so they need not be
    // undici Requests (see TransportRequest).
    this.api = createClient<paths>({ baseUrl: options.baseUrl, Request: TransportRequest as unknown as typeof Request });
  }

  /** Runs an operation; `send` makes the typed openapi-fetch call with the input and what it is given. */
  run<Input, Data>(
    operation: Operation<Input>,
    input: unknown,
    options: RequestOptions | undefined,
    send: (input: Input, init: SendInit) => Promise<SendResult>,
  ): APIPromise<Data> {
    return new APIPromise(this.#execute<Input, Data>(operation, input, options ?? {}, send));
  }

  async #execute<Input, Data>(
    operation: Operation<Input>,
    rawInput: unknown,
    options: RequestOptions,
    send: (input: Input, init: SendInit) => Promise<SendResult>,
  ): Promise<WithResponse<Data>> {
    const settings = this.#options;
    const input = validateInput(operation.inputSchema, rawInput, `The input of ${operation.name} is invalid, so nothing was sent`);
    const header = this.#headers(operation, options);
    // The caller's own credentials (an Authorization or a PW-subscription-key in `headers`) are secrets too.
    const secrets = secretHeaderValues(header, secretValuesIn(input, [settings.subscriptionKey]));
    const transport = createTransport({
      fetch: settings.fetch,
      retryMode: operation.retryMode,
      maxRetries: options.maxRetries === undefined ? settings.maxRetries : checkMaxRetries("maxRetries", options.maxRetries),
      timeout: options.timeout === undefined ? settings.timeout : checkTimeout("timeout", options.timeout),
      signal: options.signal,
      logger: this.#logger,
      secrets,
    });
    if (this.#logger.enabled("debug")) {
      this.#logger.log("debug", `${operation.name} request`, { input: redact(input, secrets, true), headers: redactHeaders(new Headers(header), secrets, true) });
    }
    const query = settings.diagnostics ? { version: CONTRACT_VERSION, diagnostics: true } : { version: CONTRACT_VERSION };
    let result: SendResult;
    try {
      // openapi-fetch hands the transport the TransportRequest it built (see the constructor).
      result = await send(input, { header, query, fetch: transport.fetch as unknown as SendInit["fetch"], parseAs: "stream" });
    } catch (error) {
      throw this.#logged(operation, input, error instanceof PayWiseError ? error : new APIConnectionError(undefined, { cause: sanitizeCause(error, secrets) }));
    }
    try {
      return this.#interpret<Data>(operation, result, transport.body, secrets, header["PW-request-id"]);
    } catch (error) {
      throw this.#logged(operation, input, error);
    }
  }

  #headers(operation: Operation<unknown>, options: RequestOptions): PayWiseHeaders {
    const subject = `The options of ${operation.name} are invalid, so nothing was sent`;
    if (options === null || typeof options !== "object") throw new InvalidRequestError(subject, [{ path: "", message: "must be an object" }]);
    const own = operation.callHeaders?.options ?? [];
    for (const name of Object.keys(options)) {
      if (!REQUEST_OPTION_NAMES.includes(name) && !own.includes(name)) {
        throw new InvalidRequestError(subject, [{ path: name, message: `is not an option of this call; they are ${[...REQUEST_OPTION_NAMES, ...own].join(", ")}` }]);
      }
    }
    if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) throw new InvalidRequestError(subject, [{ path: "signal", message: "must be an AbortSignal" }]);
    const settings = this.#options;
    const sdkHeaders: PayWiseHeaders = {
      "PW-subscription-key": settings.subscriptionKey,
      "PW-origin-country": settings.originCountry,
      "PW-request-date": currentRequestDate(),
      "PW-ip-address": settings.ipAddress,
      "User-Agent": settings.userAgent,
      Accept: "application/json",
      ...operation.callHeaders?.headers(options as Record<string, unknown>),
    };
    const callHeaders = options.headers === undefined ? undefined : checkHeaders("headers", options.headers);
    if (Object.keys(settings.headers).length === 0 && callHeaders === undefined) return sdkHeaders;
    // A caller's header may replace one of the SDK's; it must then still meet the contract.
    const merged = mergeHeaders(sdkHeaders, settings.headers, callHeaders) as PayWiseHeaders;
    for (const [name, value] of Object.entries(merged)) assertHeaderSafe(name, value);
    validateInput(operation.headerSchema, pickDeclared(operation.headerSchema, merged), `The headers of ${operation.name} are invalid, so nothing was sent`);
    return merged;
  }

  #interpret<Data>(operation: Operation<unknown>, result: SendResult, bytes: Uint8Array | null, secrets: readonly string[], sentRequestId: string | undefined): WithResponse<Data> {
    const { response } = result;
    // Everything the server sent is scrubbed before it goes into an error (issue 10).
    const scrub = scrubber(secrets);
    const echoedRequestId = response.headers.get("pw-request-id") ?? response.headers.get("x-request-id");
    const headerRequestId = echoedRequestId === null ? sentRequestId : scrub(echoedRequestId);
    if (!response.ok) throw this.#apiError(response, result.error, secrets, headerRequestId);

    // parseAs "stream" leaves a success's body to us: the transport has read it.
    const text = bytes ? utf8.decode(bytes) : "";
    const contentType = response.headers.get("content-type") ?? "";
    const context = { status: response.status, requestId: headerRequestId, operation: operation.name };
    if (text.trim() === "") throw new InvalidResponseError(`PayWise answered ${operation.name} with HTTP ${response.status} and an empty body.`, context);
    if (!JSON_CONTENT_TYPE.test(contentType)) {
      throw new InvalidResponseError(`PayWise answered ${operation.name} with content-type "${scrub(contentType) || "none"}", not JSON; something between you and PayWise may have answered instead.`, context);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new InvalidResponseError(`PayWise answered ${operation.name} with a body that is not valid JSON (truncated or corrupted).`, context);
    }
    if (!isEnvelope(body)) throw new InvalidResponseError(`PayWise answered ${operation.name} with JSON that is not a PayWise envelope.`, context);
    if (isErrorEnvelope(body)) throw this.#apiError(response, body, secrets, headerRequestId);
    checkResponse(operation.responseSchema, body, { ...context, requestId: typeof body.request_id === "string" ? scrub(body.request_id) : headerRequestId });
    const { data, meta } = splitEnvelope(body);
    return { data: data as Data, meta, response };
  }

  #apiError(response: Response, rawBody: unknown, secrets: readonly string[], headerRequestId: string | undefined): APIError {
    let body = rawBody;
    if (typeof body === "string" && JSON_CONTENT_TYPE.test(response.headers.get("content-type") ?? "")) {
      try {
        body = JSON.parse(body);
      } catch {
        // Kept as text: the status still says what happened.
      }
    }
    const envelope: (Envelope & Record<string, unknown>) | undefined = isEnvelope(body) ? body : undefined;
    // An answer may carry a token under its name and repeat it in its message.
    const scrub = scrubber(secretValuesIn(body, [...secrets]));
    const data = envelope?.data as Record<string, unknown> | undefined;
    const missing = envelope?.missing;
    return makeAPIError({
      status: response.status,
      classStatus: response.ok && envelope ? envelope.code : response.status,
      code: envelope?.code,
      message: scrub(envelope && typeof envelope.message === "string" ? envelope.message : describeForeignAnswer(response)),
      requestId: typeof envelope?.request_id === "string" ? scrub(envelope.request_id) : headerRequestId,
      errorCode: typeof data?.error_code === "string" ? scrub(data.error_code) : undefined,
      missing: Array.isArray(missing) && missing.every((item) => typeof item === "string") ? missing.map(scrub) : undefined,
      body: redact(body, secrets, false),
      headers: redactHeaders(response.headers, secrets, false),
    });
  }

  #logged(operation: Operation<unknown>, input: unknown, error: unknown): unknown {
    if (error instanceof Error && this.#logger.enabled("error")) {
      // The message is already free of secrets; an answer may still repeat the caller's personal data.
      this.#logger.log("error", `${operation.name} failed: ${error.name}: ${maskKnownPersonal(error.message, personalValuesIn(input))}`);
    }
    return error;
  }
}

/** The entries of `headers` that a header schema declares (extra headers are not its business). */
function pickDeclared(schema: z.ZodMiniType, headers: Record<string, string>): Record<string, string> {
  const declared = Object.keys((schema as { shape?: Record<string, unknown> }).shape ?? {});
  return Object.fromEntries(declared.filter((name) => name in headers).map((name) => [name, headers[name]!]));
}

/** A message for an error answer that is not a PayWise envelope (a proxy's or CDN's page). */
function describeForeignAnswer(response: Response): string {
  if (response.status >= 300 && response.status < 400) {
    return `PayWise answered HTTP ${response.status}, a redirect. The SDK does not follow redirects, so the subscription key never goes to another host: check baseUrl.`;
  }
  const type = response.headers.get("content-type")?.split(";")[0] || "no content type";
  return `HTTP ${response.status} ${response.statusText} with a body that is not a PayWise envelope (${type}): something between you and PayWise, such as a proxy or CDN, answered.`.replace("  ", " ");
}
