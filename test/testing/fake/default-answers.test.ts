// The fake's answers with nothing scripted: each operation's documented success example, and the
// contract's 400 for a request that breaks the contract, for every operation the contract has.
import { describe, expect, it } from "vitest";
import { splitEnvelope } from "../../../src/envelope";
import { createFakePayWise } from "../../../src/testing/index";
import { ENVELOPE_META } from "../../helpers/fixtures";
import { FAKE_ENTRIES, callOf, fakeClient, sdkRequestOf } from "../../helpers/fake-calls";
import { operations, parameters, requiredKeys, resolve, successStatus } from "../../helpers/spec";
import { servedExample } from "../../helpers/served";
import { zEnvelope } from "../../../generated/current";
import { checkResponse } from "../../../src/validation";

const specOf = (entry: (typeof FAKE_ENTRIES)[number]) => operations().find((op) => op.method === entry.descriptor.method.toUpperCase() && op.path === entry.descriptor.path)!;

describe.each(FAKE_ENTRIES.map((entry) => [entry.key, entry] as const))("%s", (_key, entry) => {
  // What a mock of the contract serves: its example, else the one generated for the static mock.
  it("answers the contract's documented success example, with its success status", async () => {
    const fake = createFakePayWise();
    const { data, meta, response } = await callOf(fakeClient({ fetch: fake.fetch }), entry).withResponse();
    const status = successStatus(specOf(entry));
    const documented = servedExample(specOf(entry), status) as Record<string, unknown>;
    expect(response.status).toBe(status);
    expect(data).toEqual(splitEnvelope(documented as never, entry.descriptor.payloadIn).data);
    expect(meta).toEqual(Object.fromEntries(ENVELOPE_META.filter((key) => key in documented).map((key) => [key, documented[key]])));
  });

  // What a client other than the SDK might send: the SDK's own request, then broken one way at a time.
  const headerParameters = parameters(specOf(entry)).filter((parameter) => parameter.in === "header" && parameter.required);
  it.each(headerParameters.map((parameter) => parameter.name))("answers 400 naming %s when that required header is missing", async (name) => {
    const fake = createFakePayWise();
    const { url, init } = await sdkRequestOf(entry, fake.fetch);
    const headers = Object.fromEntries(Object.entries(init.headers).filter(([header]) => header.toLowerCase() !== name.toLowerCase()));
    const response = await fake.fetch(url, { ...init, headers });
    await expectContractBadRequest(response, new RegExp(`header ${name} is required`));
    expect(fake.requests.at(-1)).toMatchObject({ operation: entry.key, outcome: { status: 400 } });
  });

  it("answers 400 to a malformed PayWise header", async () => {
    const fake = createFakePayWise();
    const { url, init } = await sdkRequestOf(entry, fake.fetch);
    // Lower case breaks the contract's ^[A-Z]{2}$ for the origin country.
    const response = await fake.fetch(url, { ...init, headers: { ...init.headers, "PW-origin-country": init.headers["PW-origin-country"]!.toLowerCase() } });
    await expectContractBadRequest(response, /header PW-origin-country must match/);
  });

  it("answers 400 to a version other than the contract's", async () => {
    const fake = createFakePayWise();
    const { url, init } = await sdkRequestOf(entry, fake.fetch);
    const wrong = new URL(url);
    wrong.searchParams.set("version", "1999-01-01");
    await expectContractBadRequest(await fake.fetch(wrong, init), /query version must be one of/);
  });

  const required = entry.descriptor.inputIn === "body" ? requiredKeys(resolve(specOf(entry).operation.requestBody!.content["application/json"]!.schema!)) : [];
  it.skipIf(required.length === 0).each(required)("answers 400 to a body without its required %s", async (field) => {
    const fake = createFakePayWise();
    const { url, init } = await sdkRequestOf(entry, fake.fetch);
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    delete body[field];
    await expectContractBadRequest(await fake.fetch(url, { ...init, body: JSON.stringify(body) }), new RegExp(`body ${field} is required`));
  });

  const requiredQuery = parameters(specOf(entry)).filter((parameter) => parameter.in === "query" && parameter.required && parameter.name !== "version");
  it.skipIf(requiredQuery.length === 0).each(requiredQuery.map((parameter) => parameter.name))("answers 400 to a query without its required %s", async (name) => {
    const fake = createFakePayWise();
    const { url, init } = await sdkRequestOf(entry, fake.fetch);
    const broken = new URL(url);
    broken.searchParams.delete(name);
    await expectContractBadRequest(await fake.fetch(broken, init), new RegExp(`query ${name} is required`));
  });

  it.skipIf(entry.descriptor.inputIn !== "body")("answers 400 to a body sent as another media type, and takes JSON's with parameters, in any case", async () => {
    const fake = createFakePayWise();
    const { url, init } = await sdkRequestOf(entry, fake.fetch);
    const sentAs = (type: string) => fake.fetch(url, { ...init, headers: { ...withoutHeader(init.headers, "content-type"), "Content-Type": type } });
    for (const type of ["text/plain", "application/json-patch+json", "application/jsonx"]) await expectContractBadRequest(await sentAs(type), /body must be sent as /);
    expect((await sentAs("Application/JSON; charset=utf-8")).status).toBe(successStatus(specOf(entry)));
  });

  // Query text carries a boolean as "true" or "false": the fake reads it as its schema types it.
  const booleanQuery = parameters(specOf(entry)).filter((parameter) => parameter.in === "query" && resolve(parameter.schema ?? {}).type === "boolean");
  it.skipIf(booleanQuery.length === 0).each(booleanQuery.map((parameter) => parameter.name))("reads query %s's true and false as booleans, and answers 400 to other text", async (name) => {
    const fake = createFakePayWise();
    const { url, init } = await sdkRequestOf(entry, fake.fetch);
    const sentWith = (text: string) => {
      const sent = new URL(url);
      sent.searchParams.set(name, text);
      return fake.fetch(sent, init);
    };
    for (const text of ["true", "false"]) expect((await sentWith(text)).status).toBe(successStatus(specOf(entry)));
    await expectContractBadRequest(await sentWith("yes"), new RegExp(`query ${name} `));
  });

  /** A 400 in the contract's shape for this operation, whose message says what was wrong. */
  async function expectContractBadRequest(response: Response, reason: RegExp) {
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: "error", code: 400 });
    expect(body.message).toMatch(reason);
    // The documented 400's schema and fields where the contract gives one, else the envelope every answer comes in.
    const documented = specOf(entry).operation.responses["400"]?.content?.["application/json"];
    expect(checkResponse(documented ? entry.answers[400]!.schema : zEnvelope, body).issues).toEqual([]);
    if (documented) expect(Object.keys(body).sort()).toEqual(Object.keys(servedExample(specOf(entry), 400) as object).sort());
  }
});

it("answers a path that is no operation of the contract with a 404 the SDK reads as an error envelope", async () => {
  const fake = createFakePayWise();
  const response = await fake.fetch("https://paywise.test/api/no/such/thing?version=x");
  expect(response.status).toBe(404);
  expect(await response.json()).toMatchObject({ status: "error", code: 404, message: expect.stringContaining("/api/no/such/thing") });
});

/** `headers` less any header called `name`, in any case. */
function withoutHeader(headers: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([header]) => header.toLowerCase() !== name));
}
