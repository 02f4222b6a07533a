// The SDK's public API against Prism serving the bundled contract: every operation's success and
// every documented error, with the values asserted against the spec's own examples. Every answer
// is checked for request violations: the SDK must send exactly what the contract allows.
import { afterEach, describe, expect, inject, it } from "vitest";
import { basename } from "node:path";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PayWise,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  type ClientOptions,
} from "../../src/index";
import type { OperationDescriptor } from "../../src/core";
import { SDK_FILLED_QUERY } from "../../src/call-parameters";
import { sdkOperations } from "../../scripts/lib/sdk-names.mjs";
import { inputs } from "../helpers/fixtures";
import { requestViolations, type Violation } from "../helpers/sl-violations";
import { servedExample } from "../helpers/served";
import { SPEC_FILE, documentedInput, operation, responseExamples, spec, successStatus } from "../helpers/spec";

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

/** The named example the mock serves, else (a contract without it) what the mock serves for the status. */
function example(operationId: string, status: number, name: string): Record<string, unknown> {
  const found = responseExamples(operation(operationId)).find((candidate) => candidate.status === status && candidate.name === name);
  return (found?.value ?? servedExample(operation(operationId), status)) as Record<string, unknown>;
}

function withoutMeta(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !META.includes(key)));
}

function metaOf(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => META.includes(key)));
}

const { createSession: sessionBody, register: registerBody } = inputs;

type SdkOperation = ReturnType<typeof sdkOperations>[number];
/** What the tests pass to a method: the fixtures' input, else the one the contract documents. */
const inputFor = (entry: SdkOperation): unknown =>
  (inputs as Record<string, unknown>)[entry.method] ?? documentedInput(operation(entry.operationId!), SDK_FILLED_QUERY);
/** The generated descriptors of the newest contract, which hold each method's retry policy. */
const descriptors = Object.values((await import(`../../generated/${basename(SPEC_FILE, ".yaml")}/operations.ts`)) as Record<string, OperationDescriptor>);
const descriptorOf = (entry: SdkOperation) => descriptors.find((descriptor) => descriptor.path === entry.path && descriptor.method === entry.httpMethod)!;
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
    expect(data).toEqual(withoutMeta(success));
    expect(meta.observed_client_ip).toEqual(success.observed_client_ip);
  });

  it("register resolves to the challenge id", async () => {
    const success = example("registerAccount", 200, "success");
    await expect(client().account.register(registerBody)).resolves.toEqual("data" in success ? success.data : withoutMeta(success));
  });

  it("getBalance resolves to the served answer's data (the schema's example, 3.1's examples[0] or 3.0's example, else a generated one)", async () => {
    const balance = operation("getAccountBalance");
    const served = servedExample(balance, successStatus(balance)) as Record<string, unknown>;
    await expect(client().account.getBalance(inputs.getBalance)).resolves.toEqual(served.data);
  });
});

describe("documented errors", () => {
  // Every error example the contract documents, asked of the mock by name: its typed error carries
  // the envelope's message, request id and body (and error code or missing list where it has one),
  // and a 5xx is retried once where the operation's retry policy repeats it.
  const errorClass: Record<number, typeof APIError> = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
  };
  // A documented error status with no example (a contract written without any) is asked by its
  // code alone, and the mock serves the example generated for it (servedExample).
  const cases = sdkOperations(spec).flatMap((entry) => {
    const op = operation(entry.operationId!);
    const named = responseExamples(op).filter((documented) => documented.status >= 400);
    const unnamed = Object.entries(op.operation.responses)
      .map(([code, response]) => [Number(code), response] as const)
      .filter(([code, response]) => code >= 400 && response.content?.["application/json"] && !named.some((documented) => documented.status === code))
      .map(([code]) => ({ status: code, name: undefined, value: servedExample(op, code) }));
    return [...named, ...unnamed].map((documented) => [`${entry.resource}.${entry.method}`, documented.status, documented.name === undefined ? "the mock's own" : `example ${documented.name}`, documented.name, entry, documented.value as Record<string, unknown>] as const);
  });
  it.each(cases)("%s's %i (%s) is its typed error", async (_name, status, _shown, name, entry, documented) => {
    const input = inputFor(entry);
    const resource = (client({ maxRetries: 1 }) as unknown as Record<string, Record<string, (params: unknown, options: object) => Promise<unknown>>>)[entry.resource]!;
    const prefer = name === undefined ? `code=${status}` : `code=${status}, example=${name}`;
    const error = await resource[entry.method]!.call(resource, input, { headers: { Prefer: prefer } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(status >= 500 ? InternalServerError : (errorClass[status] ?? APIError));
    const data = documented.data as { error_code?: string } | undefined;
    expect(error).toMatchObject({
      status,
      message: documented.message,
      requestId: documented.request_id,
      body: documented,
      ...(data?.error_code === undefined ? {} : { errorCode: data.error_code }),
      ...(documented.missing === undefined ? {} : { missing: documented.missing }),
    });
    expect(exchanges).toHaveLength(status >= 500 && descriptorOf(entry).retryMode === "idempotent" ? 2 : 1);
  });
});
