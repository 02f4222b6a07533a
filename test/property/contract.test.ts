// A property test of the whole contract (issue 21, item 2). For every operation the generator
// wrote a method for: seeded inputs and answers generated from the contract, valid and broken by
// targeted mutations, each judged by ajv (test/helpers/judge.ts, which shares nothing with the
// SDK's zod schemas and reads where the SDK differs on purpose from docs/VERSIONING.md), and what
// the SDK did checked against the verdict, through a recording fetch:
//   an input   fits: sent exactly as given (body, query, path); does not: refused before sending
//   an answer  fits: resolved with exactly its payload; does not: rejected with accepted: true
//   an error   read as its status's class, with its request id, error code and missing list
// PROPERTY_CASES inputs and answers per operation (PAYWISE_PROPERTY_CASES overrides it:
// `npm run test:contract:deep`); every case derives from SAMPLE_SEED, printed in the test names.
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { CONTRACT_VERSION, zEnvelope } from "../../generated/current";
import { SDK_FILLED_QUERY } from "../../src/call-parameters";
import type { OperationDescriptor } from "../../src/core";
import { APIError, AuthenticationError, BadRequestError, ConflictError, InternalServerError, InvalidRequestError, InvalidResponseError, NotFoundError, PayWise, PermissionDeniedError, RateLimitError, UnprocessableEntityError } from "../../src/index";
import { fakeFetch, json, UNIT_BASE_URL, UNIT_KEY, type Recorded } from "../helpers/fake-fetch";
import { judgeFor } from "../helpers/judge";
import { MUTATIONS, mutate } from "../helpers/mutations";
import { generatedSample, SAMPLE_SEED } from "../helpers/samples";
import { documentedInput, jsonRequestBody, operations, parameters, SPEC_FILE, spec, successStatus, type SpecOperation } from "../helpers/spec";

/** Inputs and answers tried per operation and side; enough for `npm test`, raised for a release. */
export const PROPERTY_CASES = 12;
const CASES = Number.parseInt(process.env.PAYWISE_PROPERTY_CASES ?? "", 10) || PROPERTY_CASES;
/** Each operation's whole run, on a loaded 2-core machine; a deep run scales it. */
const TIMEOUT_MS = 60_000 * Math.max(1, CASES / PROPERTY_CASES);

const descriptors = Object.values((await import(`../../generated/${basename(SPEC_FILE, ".yaml")}/operations.ts`)) as Record<string, OperationDescriptor>);
const META_FIELDS = Object.keys(zEnvelope.shape);
const JSON_MEDIA = "application/json";

/** The HTTP semantics of the error classes (README, "Errors"): the class each status is read as. */
const CLASS_BY_STATUS: Record<number, typeof APIError> = { 400: BadRequestError, 401: AuthenticationError, 403: PermissionDeniedError, 404: NotFoundError, 409: ConflictError, 422: UnprocessableEntityError, 429: RateLimitError };
const classOf = (status: number) => CLASS_BY_STATUS[status] ?? (status >= 500 ? InternalServerError : APIError);
/** An error status no operation of the contract documents, tried on every operation too. */
const UNDOCUMENTED_ERROR = [418, 451, 499].find((status) => !operations().some((op) => String(status) in op.operation.responses))!;

/** A small seeded PRNG (mulberry32), so each case's choices reproduce from the seed. */
function random(seed: number): (count: number) => number {
  let state = seed >>> 0;
  return (count) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * count);
  };
}

function specOperation(descriptor: OperationDescriptor): SpecOperation {
  const found = operations().find((op) => op.method === descriptor.method.toUpperCase() && op.path === descriptor.path);
  if (!found) throw new Error(`${descriptor.resource}.${descriptor.name}: no ${descriptor.method} ${descriptor.path} in the contract`);
  return found;
}

/** The schema of what a caller passes: the JSON body, or the query and path parameters the SDK does not fill. */
function inputSchema(op: SpecOperation): unknown {
  const body = jsonRequestBody(op);
  if (body) return body.schema ?? {};
  const own = parameters(op).filter((parameter) => (parameter.in === "query" && !SDK_FILLED_QUERY.includes(parameter.name as never)) || parameter.in === "path");
  return {
    type: "object",
    properties: Object.fromEntries(own.map((parameter) => [parameter.name, parameter.schema ?? {}])),
    required: own.filter((parameter) => parameter.required || parameter.in === "path").map((parameter) => parameter.name),
  };
}

/** The call options a case needs: a value for each required header option the SDK does not make up. */
function callOptions(descriptor: OperationDescriptor, op: SpecOperation): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const { option, header, required, uuidDefault } of descriptor.headerOptions) {
    if (!required || uuidDefault) continue;
    const parameter = parameters(op).find((candidate) => candidate.in === "header" && candidate.name === header);
    options[option] = String(generatedSample(parameter?.schema ?? { type: "string" }, spec.components, `${op.operationId} header ${header}`));
  }
  return options;
}

function client(answer: () => Response) {
  const fake = fakeFetch(answer);
  const paywise = new PayWise({ subscriptionKey: UNIT_KEY, originCountry: "TT", ipAddress: "203.0.113.7", baseUrl: UNIT_BASE_URL, fetch: fake.fetch, maxRetries: 0 });
  return { paywise, requests: fake.requests };
}

function call(paywise: PayWise, descriptor: OperationDescriptor, input: unknown, options: Record<string, unknown>): Promise<unknown> {
  const resource = (paywise as unknown as Record<string, Record<string, (input: unknown, options: unknown) => Promise<unknown>>>)[descriptor.resource]!;
  return resource[descriptor.name]!.call(resource, input, options);
}

const settle = (promise: Promise<unknown>) => promise.then((value) => ({ value }), (error: unknown) => ({ error }));

/** Where the request differs from the input as given; empty when it was sent exactly. */
function differences(descriptor: OperationDescriptor, input: Record<string, unknown>, sent: Recorded): string[] {
  if (descriptor.inputIn === "body") {
    const body = JSON.parse(sent.body ?? "null") as unknown;
    return JSON.stringify(body) === JSON.stringify(input) ? [] : [`body ${sent.body} is not the input ${JSON.stringify(input)}`];
  }
  const problems: string[] = [];
  const templateSegments = descriptor.path.split("/");
  const sentSegments = sent.url.pathname.split("/");
  if (sentSegments.length !== templateSegments.length) problems.push(`path ${sent.url.pathname} has other segments than ${descriptor.path}`);
  templateSegments.forEach((segment, index) => {
    const name = /^\{(.+)\}$/.exec(segment)?.[1];
    const got = sentSegments[index] ?? "";
    if (name === undefined ? got !== segment : decodeURIComponent(got) !== String(input[name])) problems.push(`path segment ${index} is ${got}, not ${name ?? segment}`);
  });
  const query = new URLSearchParams(sent.url.search);
  for (const name of SDK_FILLED_QUERY) query.delete(name);
  const expected = Object.entries(input).filter(([name]) => !(descriptor.pathParams ?? []).includes(name));
  const sentQuery = [...query].sort();
  const inputQuery = expected.flatMap(([name, value]) => (Array.isArray(value) ? value.map((item) => [name, String(item)]) : [[name, String(value)]])).sort();
  if (JSON.stringify(sentQuery) !== JSON.stringify(inputQuery)) problems.push(`query ${JSON.stringify(sentQuery)} is not the input ${JSON.stringify(inputQuery)}`);
  return problems;
}

/** What a method resolves to for an answer body: its `data`, else its fields less the envelope's. */
function payloadOf(body: Record<string, unknown>): unknown {
  if (Object.hasOwn(body, "data")) return body.data;
  return Object.fromEntries(Object.entries(body).filter(([key]) => !META_FIELDS.includes(key)));
}

/** A case's candidate: the valid sample itself, or one of the mutations of it (in turn). */
function candidate(index: number, valid: unknown, schema: unknown, pick: (count: number) => number) {
  if (index % (MUTATIONS.length + 1) === 0) return { value: valid, what: "as generated" };
  const mutation = MUTATIONS[(index % (MUTATIONS.length + 1)) - 1]!;
  return mutate(valid, schema, spec.components, mutation, pick);
}

const seeded = `seed ${SAMPLE_SEED}, ${CASES} cases`;

describe.each(descriptors.map((descriptor) => [`${descriptor.resource}.${descriptor.name}`, descriptor] as const))("%s, by the contract (property test)", (_name, descriptor) => {
  const op = specOperation(descriptor);
  const options = callOptions(descriptor, op);

  it(`sends each input that fits exactly as given, and refuses each that does not before sending (${seeded})`, async () => {
    const schema = inputSchema(op);
    const judge = judgeFor(schema, spec.components, "input");
    const problems: string[] = [];
    const verdicts = { fits: 0, breaks: 0 };
    for (let index = 0; index < CASES; index++) {
      const label = `${op.operationId} input ${index}`;
      const valid = generatedSample(schema, spec.components, label);
      const tried = candidate(index, valid, schema, random(SAMPLE_SEED + index));
      if (!tried) continue;
      const verdict = judge(tried.value);
      verdicts[verdict.valid ? "fits" : "breaks"]++;
      const { paywise, requests } = client(() => json({ status: "success", code: 200, message: "OK", request_id: "r", timestamp: "t" }));
      const outcome = await settle(call(paywise, descriptor, tried.value, options));
      const where = `${label}, ${tried.what}: ${JSON.stringify(tried.value)}`;
      if (verdict.valid) {
        if (requests.length !== 1) problems.push(`${where}: fits (ajv), but was not sent: ${String((outcome as { error?: unknown }).error)}`);
        else problems.push(...differences(descriptor, tried.value as Record<string, unknown>, requests[0]!).map((problem) => `${where}: ${problem}`));
      } else if (requests.length !== 0 || !((outcome as { error?: unknown }).error instanceof InvalidRequestError)) {
        problems.push(`${where}: does not fit (${verdict.errors.join("; ")}), but was ${requests.length ? "sent" : `not refused with InvalidRequestError (${String((outcome as { error?: unknown }).error)})`}`);
      }
    }
    expect(problems).toEqual([]);
    // Each side of the property was tried: the generated inputs fit, and some mutation broke one.
    expect(verdicts.fits).toBeGreaterThan(0);
    expect(verdicts.breaks).toBeGreaterThan(0);
  }, TIMEOUT_MS);

  it(`resolves with exactly the payload of each answer that fits, and rejects each that does not with accepted: true (${seeded})`, async () => {
    const status = successStatus(op);
    const schema = op.operation.responses[String(status)]?.content?.[JSON_MEDIA]?.schema ?? {};
    const judge = judgeFor(schema, spec.components, "answer");
    const input = documentedInput(op, SDK_FILLED_QUERY);
    const problems: string[] = [];
    const verdicts = { fits: 0, breaks: 0 };
    for (let index = 0; index < CASES; index++) {
      const label = `${op.operationId} ${status} ${index}`;
      const valid = generatedSample(schema, spec.components, label) as Record<string, unknown>;
      // A success says so in its envelope (a sample of the schema may say "error" and fit it).
      if ("status" in valid) valid.status = "success";
      if ("code" in valid) valid.code = status;
      const tried = candidate(index, valid, schema, random(SAMPLE_SEED + 7919 * (index + 1)));
      // An answer with a field the contract lacks is judged with the table's lenient
      // additionalProperties: it fits, as PayWise may add fields.
      if (!tried) continue;
      const verdict = judge(tried.value);
      verdicts[verdict.valid ? "fits" : "breaks"]++;
      const { paywise } = client(() => json(tried.value, status));
      const outcome = await settle(call(paywise, descriptor, input, options));
      const where = `${label}, ${tried.what}: ${JSON.stringify(tried.value).slice(0, 400)}`;
      if (verdict.valid) {
        if ("error" in outcome) problems.push(`${where}: fits (ajv), but the call rejected: ${String(outcome.error)}`);
        else if (JSON.stringify(outcome.value) !== JSON.stringify(payloadOf(tried.value as Record<string, unknown>))) problems.push(`${where}: resolved with ${JSON.stringify(outcome.value)}, not its payload`);
      } else if (!("error" in outcome) || !(outcome.error instanceof InvalidResponseError) || outcome.error.accepted !== true) {
        problems.push(`${where}: does not fit (${verdict.errors.join("; ")}), but the call ${"error" in outcome ? `rejected with ${String(outcome.error)}` : "resolved"}`);
      }
    }
    expect(problems).toEqual([]);
    expect(verdicts.fits).toBeGreaterThan(0);
    expect(verdicts.breaks).toBeGreaterThan(0);
  }, TIMEOUT_MS);

  const documentedErrors = Object.keys(op.operation.responses).map(Number).filter((status) => status >= 400);
  it.each([...documentedErrors, UNDOCUMENTED_ERROR])(`reads an error answer of HTTP %i as its status's class, with its request id, error code and missing list (${seeded})`, async (status) => {
    const documented = op.operation.responses[String(status)]?.content?.[JSON_MEDIA]?.schema;
    // A status the contract lacks comes in the envelope every answer has: the success's, say.
    const schema = documented ?? op.operation.responses[String(successStatus(op))]?.content?.[JSON_MEDIA]?.schema ?? {};
    const input = documentedInput(op, SDK_FILLED_QUERY);
    for (let index = 0; index < Math.max(1, Math.ceil(CASES / 4)); index++) {
      const body = generatedSample(schema, spec.components, `${op.operationId} ${status} error ${index}`) as Record<string, unknown>;
      Object.assign(body, { status: "error", code: status });
      const { paywise } = client(() => json(body, status));
      const outcome = await settle(call(paywise, descriptor, input, options));
      expect("error" in outcome, `${status} ${index} resolved`).toBe(true);
      const error = (outcome as { error: APIError }).error;
      expect(error, `${status} ${index}: ${JSON.stringify(body)}`).toBeInstanceOf(classOf(status));
      expect(error.constructor).toBe(classOf(status));
      const data = body.data as { error_code?: unknown } | undefined;
      const missing = Array.isArray(body.missing) && body.missing.every((item) => typeof item === "string") ? body.missing : undefined;
      expect(error).toMatchObject({ status, code: status, requestId: body.request_id, errorCode: typeof data?.error_code === "string" ? data.error_code : undefined, missing });
    }
  }, TIMEOUT_MS);
});

it(`tries every operation the generator wrote a method for (${CONTRACT_VERSION})`, () => {
  expect(descriptors.length).toBe(operations().length);
});
