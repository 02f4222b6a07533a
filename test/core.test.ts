// Core.run with descriptors the generator could write for a future contract: a header the client
// does not fill becomes a checked call option, and query input goes next to what the SDK fills.
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { Core, type OperationDescriptor } from "../src/core";
import { InvalidRequestError } from "../src/errors";
import { resolveOptions } from "../src/options";
import { UNIT_BASE_URL, UNIT_KEY, envelope, fakeFetch, json } from "./helpers/fake-fetch";
import { contractVersion } from "./helpers/spec";

const traced: OperationDescriptor = {
  name: "getTrace",
  resource: "account",
  method: "post",
  path: "/account/trace",
  retryMode: "unsent-only",
  inputIn: "body",
  payloadIn: "data",
  inputSchema: z.object({ mobile_number: z.string() }),
  responseSchema: z.object({ status: z.string(), code: z.number(), data: z.object({ ok: z.boolean() }) }),
  headerSchema: z.object({ "PW-trace-code": z.string().check(z.length(8)), "PW-request-id": z.optional(z.uuid()) }),
  headerOptions: [
    { option: "traceCode", header: "PW-trace-code", required: true, uuidDefault: false },
    { option: "requestId", header: "PW-request-id", required: false, uuidDefault: false },
  ],
};

const listed: OperationDescriptor = {
  ...traced,
  name: "listTraces",
  method: "get",
  path: "/account/traces",
  retryMode: "idempotent",
  inputIn: "query",
  inputSchema: z.object({ mobile_number: z.string() }),
  headerOptions: [],
};

function core() {
  const fake = fakeFetch(() => json(envelope({ data: { ok: true } })));
  const options = resolveOptions({ subscriptionKey: UNIT_KEY, originCountry: "TT", ipAddress: "203.0.113.7", baseUrl: UNIT_BASE_URL, fetch: fake.fetch });
  return { core: new Core(options), requests: fake.requests };
}

describe("Core.run", () => {
  it("sends a header option as its header, with the client's headers", async () => {
    const { core: c, requests } = core();
    await expect(c.run(traced, { mobile_number: "18680001234" }, { traceCode: "abcd1234" } as object)).resolves.toEqual({ ok: true });
    expect(requests[0]!.headers.get("PW-trace-code")).toBe("abcd1234");
    expect(requests[0]!.headers.get("PW-subscription-key")).toBe(UNIT_KEY);
    expect(requests[0]!.headers.has("PW-request-id")).toBe(false);
    expect(JSON.parse(requests[0]!.body!)).toEqual({ mobile_number: "18680001234" });
  });

  it("refuses a missing required header option, naming it, and sends nothing", async () => {
    const { core: c, requests } = core();
    const error = await c.run(traced, { mobile_number: "18680001234" }, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).issues).toEqual([{ path: "traceCode", message: "is required: the PW-trace-code header of getTrace" }]);
    expect(requests).toHaveLength(0);
  });

  it("checks a header option against its header's schema", async () => {
    const { core: c, requests } = core();
    const error = await c.run(traced, { mobile_number: "18680001234" }, { traceCode: "short" } as object).catch((e: unknown) => e);
    expect((error as InvalidRequestError).issues[0]).toMatchObject({ path: "traceCode", message: expect.stringMatching(/^must be a string the contract allows \(the PW-trace-code header\)/) });
    expect(requests).toHaveLength(0);
  });

  it("puts query input next to the version it sends itself", async () => {
    const { core: c, requests } = core();
    await c.run(listed, { mobile_number: "18680001234" }, undefined);
    expect(requests[0]!.method).toBe("GET");
    expect(requests[0]!.url.pathname).toBe("/account/traces");
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toEqual({ mobile_number: "18680001234", version: contractVersion });
    expect(requests[0]!.body).toBeUndefined();
  });
});
