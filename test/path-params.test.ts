// Path parameters (issue 21, item 3): an operation such as GET /statements/{statement_id} takes its
// path parameters as input fields, checked with the query ones, percent-encoded one segment each,
// and masked in logs and hooks by the same sensitive-name rules as a query parameter of that name.
// The descriptors are those the generator writes for such an operation (scripts/lib/resources.mjs;
// test/scripts/generate.test.ts checks that it writes them).
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { ATTR_URL_TEMPLATE } from "@opentelemetry/semantic-conventions/incubating";
import { Core, type OperationDescriptor } from "../src/core";
import { InvalidRequestError } from "../src/errors";
import { callHooks, openTelemetry } from "../src/observability";
import { resolveOptions, type ClientOptions } from "../src/options";
import { UNIT_BASE_URL, UNIT_KEY, envelope, fakeFetch, json } from "./helpers/fake-fetch";
import { captureLogger } from "./helpers/fixtures";
import { otel } from "./helpers/otel";
import { contractVersion } from "./helpers/spec";

const statement: OperationDescriptor = {
  name: "getStatement",
  resource: "statements",
  method: "get",
  path: "/statements/{statement_id}",
  retryMode: "idempotent",
  inputIn: "query",
  payloadIn: "data",
  pathParams: ["statement_id"],
  inputSchema: z.object({ statement_id: z.string().check(z.minLength(0), z.maxLength(64)), page: z.optional(z.number()) }),
  responseSchema: z.object({ status: z.string(), code: z.number(), data: z.object({ ok: z.boolean() }) }),
  headerSchema: z.object({}),
  headerOptions: [],
};
/** A path parameter whose name the sensitive rules mask (an identifier: last four kept). */
const byNumber: OperationDescriptor = {
  ...statement,
  name: "getByNumber",
  path: "/accounts/{mobile_number}/statements",
  pathParams: ["mobile_number"],
  inputSchema: z.object({ mobile_number: z.string() }),
};

function core(options: ClientOptions = {}) {
  const fake = fakeFetch(() => json(envelope({ data: { ok: true } })));
  const resolved = resolveOptions({ subscriptionKey: UNIT_KEY, originCountry: "TT", ipAddress: "203.0.113.7", baseUrl: UNIT_BASE_URL, fetch: fake.fetch, ...options });
  return { core: new Core(resolved), requests: fake.requests };
}

describe("a path parameter", () => {
  it("goes into the path, not the query, with the query fields next to what the SDK fills", async () => {
    const { core: c, requests } = core();
    await expect(c.run(statement, { statement_id: "ST-2026-01", page: 2 }, undefined)).resolves.toEqual({ ok: true });
    expect(requests[0]!.url.pathname).toBe("/statements/ST-2026-01");
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toEqual({ page: "2", version: contractVersion });
  });

  // `$'` and `$&` would be String.replace patterns, if openapi-fetch's serializer left `$` unencoded.
  it.each(["../x", "a/b?c", "a/b#c", "..%2fx", "%2e%2e", "x$'", "$&y", "a b/ü", "?q=1"])("keeps %j one segment of the path it was given for", async (value) => {
    const { core: c, requests } = core();
    await c.run(statement, { statement_id: value }, undefined);
    const { url } = requests[0]!;
    expect(url.pathname.split("/")).toHaveLength(3);
    expect(url.pathname.startsWith("/statements/")).toBe(true);
    expect(decodeURIComponent(url.pathname.slice("/statements/".length))).toBe(value);
    expect(url.hash).toBe("");
    expect([...url.searchParams.keys()]).toEqual(["version"]);
  });

  it.each(["..", ".", ""])("refuses %j, which as a segment would change the path, naming the field, and sends nothing", async (value) => {
    const { core: c, requests } = core();
    const error = await c.run(statement, { statement_id: value }, undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).issues).toEqual([{ path: "statement_id", message: `must not be ${JSON.stringify(value)}: as a path segment it would change the path called` }]);
    expect(requests).toHaveLength(0);
  });

  it("is checked by its schema with the other fields, and a missing one is refused before sending", async () => {
    const { core: c, requests } = core();
    const error = await c.run(statement, { page: "two" }, undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).issues.map((issue) => issue.path).sort()).toEqual(["page", "statement_id"]);
    expect(requests).toHaveLength(0);
  });

  it("is refused when missing even where the contract forgot to require it, instead of sending the {name} template", async () => {
    const { core: c, requests } = core();
    const optional: OperationDescriptor = { ...statement, inputSchema: z.object({ statement_id: z.optional(z.string()) }) };
    const error = await c.run(optional, {}, undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).issues).toEqual([{ path: "statement_id", message: "is required: it is part of the path called" }]);
    // null is refused by the schema already (not a string), naming the field too.
    const nulled = await c.run(optional, { statement_id: null }, undefined).catch((e: unknown) => e);
    expect((nulled as InvalidRequestError).issues.map((issue) => issue.path)).toEqual(["statement_id"]);
    expect(requests).toHaveLength(0);
  });

  it("is masked in log lines and in the hooks' url by its name, as a query parameter of that name is", async () => {
    const number = "18680001234";
    const log = captureLogger();
    const seen: string[] = [];
    const { core: c, requests } = core({ logLevel: "debug", logger: log.logger, hooks: callHooks({ onRequest: (request) => void seen.push(request.url) }) });
    await c.run(byNumber, { mobile_number: number }, undefined);
    expect(requests[0]!.url.pathname).toBe(`/accounts/${number}/statements`);
    expect(log.text()).not.toContain(number);
    expect(log.text()).toContain(`/accounts/******${number.slice(-4)}/statements`);
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toContain(number);
    expect(new URL(seen[0]!).pathname).toBe(`/accounts/******${number.slice(-4)}/statements`);
  });

  it("is scrubbed from every log line when its value is a known secret (the key passed where an id goes)", async () => {
    const log = captureLogger();
    const { core: c, requests } = core({ logLevel: "debug", logger: log.logger });
    await c.run(statement, { statement_id: UNIT_KEY }, undefined);
    expect(requests[0]!.url.pathname).toBe(`/statements/${UNIT_KEY}`);
    expect(log.text()).toMatch(/GET \/statements\/\S+ attempt 1/);
    expect(log.text()).not.toContain(UNIT_KEY);
  });

  it("leaves url.template in telemetry in its {name} form", async () => {
    const o = otel();
    const { core: c } = core({ telemetry: openTelemetry({ tracer: o.tracer, meter: o.meter }) });
    await c.run(statement, { statement_id: "ST-9" }, undefined);
    const spans = o.finishedSpans();
    expect(spans.length).toBeGreaterThan(0);
    for (const span of spans) expect(span.attributes[ATTR_URL_TEMPLATE]).toBe("/statements/{statement_id}");
  });

  it("is masked by its name in the attempt span's url.full", async () => {
    const number = "18680001234";
    const o = otel();
    const { core: c } = core({ telemetry: openTelemetry({ tracer: o.tracer, meter: o.meter }) });
    await c.run(byNumber, { mobile_number: number }, undefined);
    const fulls = o.finishedSpans().map((span) => span.attributes["url.full"]).filter((value) => value !== undefined);
    expect(fulls.length).toBeGreaterThan(0);
    for (const full of fulls) expect(new URL(String(full)).pathname).toBe(`/accounts/******${number.slice(-4)}/statements`);
    expect(JSON.stringify(o.finishedSpans().map((span) => span.attributes))).not.toContain(number);
  });
});
