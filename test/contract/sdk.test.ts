// The SDK's public API against Prism serving the bundled contract: every operation's success and
// every documented error, with the values asserted against the spec's own examples. Every answer
// is checked for request violations: the SDK must send exactly what the contract allows.
import { afterEach, describe, expect, inject, it } from "vitest";
import { BadRequestError, ConflictError, InternalServerError, PayWise, type ClientOptions } from "../../src/index";
import { inputs } from "../helpers/fixtures";
import { requestViolations, type Violation } from "../helpers/sl-violations";
import { operation, resolve, responseExamples, responseSchema, type Schema } from "../helpers/spec";

const baseUrl = inject("mockServerUrl");
const META = ["status", "code", "message", "request_id", "timestamp", "observed_client_ip"];

let exchanges: { url: string; violations: Violation[] }[] = [];

/** The real fetch, plus a record of Prism's verdict on each request the SDK sent. */
const checkedFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  exchanges.push({ url: String(input), violations: await requestViolations(response.clone()) });
  return response;
};

afterEach(() => {
  const sent = exchanges;
  exchanges = [];
  expect(sent.length).toBeGreaterThan(0);
  expect(sent.filter((exchange) => exchange.violations.length > 0)).toEqual([]);
});

function client(options: ClientOptions = {}) {
  return new PayWise({
    subscriptionKey: "eed0d85c530c4b26a91d09b783d8fab3",
    originCountry: "TT",
    ipAddress: "203.0.113.7",
    baseUrl,
    fetch: checkedFetch,
    ...options,
  });
}

function example(operationId: string, status: number, name: string): Record<string, unknown> {
  const found = responseExamples(operation(operationId)).find((candidate) => candidate.status === status && candidate.name === name);
  if (!found) throw new Error(`${operationId} has no ${status} example ${name}`);
  return found.value as Record<string, unknown>;
}

function withoutMeta(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !META.includes(key)));
}

function metaOf(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => META.includes(key)));
}

const { createSession: sessionBody, register: registerBody } = inputs;
const { email: _, ...statusQuery } = inputs.getStatus;

describe("successes", () => {
  it("createSession resolves to the success example's data", async () => {
    const success = example("createAccountSession", 200, "success");
    await expect(client().account.createSession(sessionBody)).resolves.toEqual(success.data);
  });

  it("createSession's withResponse gives the example's meta fields", async () => {
    const success = example("createAccountSession", 200, "success");
    const { meta, response } = await client().account.createSession(sessionBody, { requestId: "9d9078a9-fdf2-43cc-8e5a-f6264cd4a2fb" }).withResponse();
    expect(meta).toEqual(metaOf(success));
    expect(response.status).toBe(200);
  });

  it("getStatus resolves to the flattened fields less the meta fields", async () => {
    const success = example("getAccountStatus", 200, "success");
    await expect(client().account.getStatus({ ...statusQuery, email: "icon.gilbert@example.com", sender_first_name: "Ann", sender_last_name: "Lee" })).resolves.toEqual(
      withoutMeta(success),
    );
  });

  it("getStatus with diagnostics exposes observed_client_ip in meta", async () => {
    const success = example("getAccountStatus", 200, "success");
    const { data, meta } = await client({ diagnostics: true }).account.getStatus(statusQuery).withResponse();
    expect(data).toEqual({ account_status: "available", session_token: "1YU9Z52HTV" });
    expect(meta.observed_client_ip).toEqual(success.observed_client_ip);
  });

  it("register resolves to the challenge id", async () => {
    await expect(client().account.register(registerBody)).resolves.toEqual({ challengeId: "pw-challenge-demo-20260211-0001" });
  });

  it("getBalance resolves to the schema example's data", async () => {
    const schema = resolve(responseSchema(operation("getAccountBalance"), 200)) as Schema;
    const served = schema.examples?.[0] as Record<string, unknown>;
    await expect(client().account.getBalance({ mobile_number: "18680001234" })).resolves.toEqual(served.data);
  });
});

describe("documented errors", () => {
  it("createSession's 409 is a ConflictError with the error code and the hint", async () => {
    const documented = example("createAccountSession", 409, "error");
    const error = await client()
      .account.createSession(sessionBody, { headers: { Prefer: "code=409, example=error" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      status: 409,
      code: 409,
      errorCode: "AMBIGUOUS_MATCH",
      requestId: documented.request_id,
      message: "Multiple matches found. Please use the email key in the body.",
      body: documented,
    });
  });

  it("getStatus's 400 is a BadRequestError listing the missing parameters", async () => {
    const documented = example("getAccountStatus", 400, "error");
    const error = await client()
      .account.getStatus(statusQuery, { headers: { Prefer: "code=400, example=error" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, missing: documented.missing, message: documented.message, requestId: documented.request_id });
  });

  it("register's 400 is a BadRequestError with the envelope's message", async () => {
    const documented = example("registerAccount", 400, "error");
    const error = await client()
      .account.register(registerBody, { headers: { Prefer: "code=400, example=error" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 400, message: "institution_name is required", body: documented });
  });

  it("getBalance's 400 is a BadRequestError", async () => {
    const documented = example("getAccountBalance", 400, "error");
    const error = await client()
      .account.getBalance({ mobile_number: "18680001234" }, { headers: { Prefer: "code=400, example=error" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ message: "mobile_number is required", requestId: documented.request_id });
  });

  it("getBalance's 500 is retried, then an InternalServerError", async () => {
    const documented = example("getAccountBalance", 500, "captured_primary");
    const error = await client({ maxRetries: 1 })
      .account.getBalance({ mobile_number: "18680001234" }, { headers: { Prefer: "code=500, example=captured_primary" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 500, message: "Internal server error. Please try again later.", requestId: documented.request_id });
    expect(exchanges).toHaveLength(2);
  });
});
