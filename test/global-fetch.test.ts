// With no `fetch` option the client uses the globalThis.fetch of the moment of each call (issue
// 20): an interceptor installed after the client was built (MSW's listen() in a beforeAll, the
// usual layout with a module-level client) sees its requests.
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";
import { PayWise } from "../src/index";
import { IP_ADDRESS, ORIGIN_COUNTRY, SECRET_KEY, inputs, successBody } from "./helpers/fixtures";
import { operationPath } from "./helpers/fixtures";

// Loopback, nothing listening (the discard port): a request that escapes MSW is refused, never sent anywhere.
const BASE_URL = "http://127.0.0.1:9";
// Built at module level, before any interceptor: as an app's `export const paywise = new PayWise()` is.
const paywise = new PayWise({ subscriptionKey: SECRET_KEY, originCountry: ORIGIN_COUNTRY, ipAddress: IP_ADDRESS, baseUrl: BASE_URL, maxRetries: 0 });

const path = operationPath("getBalance");
const server = setupServer(http.post(`${BASE_URL}${path}`, () => HttpResponse.json(successBody(path))));

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => vi.unstubAllGlobals());
afterAll(() => server.close());

it("sends through an MSW server started after the client was built", async () => {
  const { response } = await paywise.account.getBalance(inputs.getBalance).withResponse();
  expect(response.status).toBe(200);
});

it("uses the globalThis.fetch of the moment of the call", async () => {
  const replaced = vi.fn(async () => Response.json(successBody(path)));
  vi.stubGlobal("fetch", replaced);
  await paywise.account.getBalance(inputs.getBalance);
  expect(replaced).toHaveBeenCalledOnce();
});
