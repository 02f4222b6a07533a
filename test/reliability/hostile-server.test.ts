// A hostile (or broken) server controls every byte of its answer: status line, reason phrase,
// header names and values, JSON property names, nesting depth and `__proto__` keys. None of that
// may carry a secret into an error or a log, crash the SDK with an untyped error, or choose the
// prototype of what the SDK returns. Issue 10, items 1 to 3.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PayWise } from "../../src/index";
import { startFaultServer, type Behaviour, type FaultServer } from "../helpers/fault-server";
import {
  AUTHORISATION_TOKEN,
  SECRET_KEY,
  SESSION_TOKEN,
  callOperation,
  captureLogger,
  ENVELOPE_META,
  errorEnvelope,
  inputs,
  operationPath,
  successBody,
  testClient,
  type CapturedLog,
  type OperationName,
} from "../helpers/fixtures";
import { caught, consoleLogOutput, renderings } from "../helpers/renderings";
import { inspect } from "node:util";
import { MAX_ERROR_BODY_BYTES } from "../../src/answer";

/** Credentials a caller adds through `headers`: the SDK never saw them in an input or an option of its own. */
const BEARER = "bearerTOKENh4w8q2";
const PROXY_CREDENTIAL = "proxyCREDm2n7v5";
/** A per-call PW-subscription-key override (32 characters, as the contract asks). */
const CALL_KEY = "callKEYz000000000000000000000x17";

const SECRETS: Record<string, string> = {
  "subscription key": SECRET_KEY,
  session_token: SESSION_TOKEN,
  authorisation_token: AUTHORISATION_TOKEN,
  "client Authorization header": BEARER,
  "call Proxy-Authorization header": PROXY_CREDENTIAL,
  "call PW-subscription-key header": CALL_KEY,
};
const ALL_SECRETS = Object.values(SECRETS).join(" ");
const OPERATIONS = Object.keys(inputs) as OperationName[];

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(async () => {
  await server.close();
});

function expectNoSecretIn(text: string, where: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) expect(text.includes(secret), `${name} appears in ${where}:\n${text}`).toBe(false);
}

/** A client whose client-level and call-level headers carry credentials, logging everything. */
function headerClient(log: CapturedLog): { client: PayWise; call: (name: OperationName) => Promise<unknown> } {
  const client = testClient(server.url, { headers: { Authorization: `Bearer ${BEARER}` }, maxRetries: 0, logLevel: "debug", logger: log.logger });
  const headers = { "Proxy-Authorization": `Basic ${PROXY_CREDENTIAL}`, "PW-subscription-key": CALL_KEY };
  return { client, call: (name) => callOperation(client, name, { headers }) };
}

function logText(log: CapturedLog): string {
  return log.lines.map((line) => `${line.level} ${line.message} ${JSON.stringify(line.fields)} ${inspect(line.fields, { depth: Infinity })}`).join("\n");
}

/** A raw JSON text with `"__proto__"` as a real key (an object literal would set the prototype instead). */
function withProtoKey(body: Record<string, unknown>, proto: Record<string, unknown>): string {
  return `{"__proto__":${JSON.stringify(proto)},${JSON.stringify(body).slice(1)}`;
}

describe("server-controlled text that echoes secrets", () => {
  const cases: [string, Behaviour, string][] = [
    [
      "an error envelope echoing credentials that came in through `headers`, whole and without their scheme",
      {
        kind: "respond",
        status: 400,
        body: errorEnvelope(400, `Rejected ${ALL_SECRETS} Bearer ${BEARER}`, { data: { error_code: "BAD", seen: ALL_SECRETS } }),
        headers: { "x-echo": ALL_SECRETS },
      },
      "BadRequestError",
    ],
    [
      "a 200 whose Content-Type echoes them",
      { kind: "respond", status: 200, body: "{}", headers: { "content-type": `text/x-${SECRET_KEY}-${BEARER}; q=${CALL_KEY}` } },
      "InvalidResponseError",
    ],
    [
      "a 403 page whose Content-Type echoes them",
      { kind: "respond", status: 403, body: "denied", headers: { "content-type": `text/x-${SECRET_KEY}-${BEARER}-${PROXY_CREDENTIAL}` } },
      "PermissionDeniedError",
    ],
    [
      "a 200 error envelope without a message, under a reason phrase echoing them",
      { kind: "respond", status: 200, statusMessage: `OK ${ALL_SECRETS}`, body: { status: "error", code: 500, message: null } },
      "InternalServerError",
    ],
    [
      "an error envelope whose request_id, error_code and missing list echo them",
      {
        kind: "respond",
        status: 400,
        body: errorEnvelope(400, "Missing parameters", { request_id: SECRET_KEY, missing: [SESSION_TOKEN, `${BEARER}`], data: { error_code: `E_${AUTHORISATION_TOKEN}` } }),
      },
      "BadRequestError",
    ],
    [
      "a page whose request-id header echoes them",
      { kind: "respond", status: 404, body: "gone", headers: { "pw-request-id": `${SECRET_KEY}${PROXY_CREDENTIAL}` } },
      "NotFoundError",
    ],
    [
      "a 200 that breaks the contract, whose request_id echoes them",
      { kind: "respond", status: 200, body: { status: "success", code: 200, request_id: `${CALL_KEY} ${SESSION_TOKEN}` } },
      "InvalidResponseError",
    ],
    [
      "a 200 plain-text page whose x-request-id echoes them",
      { kind: "respond", status: 200, body: "hello", headers: { "content-type": "text/plain", "x-request-id": SECRET_KEY } },
      "InvalidResponseError",
    ],
    [
      "an error envelope using them as JSON property names",
      {
        kind: "respond",
        status: 409,
        body: errorEnvelope(409, "Conflict", { [SECRET_KEY]: 1, data: { [SESSION_TOKEN]: { [BEARER]: [{ [PROXY_CREDENTIAL]: true, [AUTHORISATION_TOKEN]: CALL_KEY }] } } }),
      },
      "ConflictError",
    ],
    [
      "an error answer using them as header names",
      { kind: "respond", status: 500, body: errorEnvelope(500, "boom"), headers: { [SECRET_KEY]: "1", [`x-${PROXY_CREDENTIAL}`]: "2", [`x-${SESSION_TOKEN}`]: CALL_KEY } },
      "InternalServerError",
    ],
    // Not a final HTTP status, so an InvalidResponseError that is never retried (issue 10 item 4).
    ["a status line with a malformed status, echoing them", { kind: "raw", bytes: `HTTP/1.1 2x0 ${ALL_SECRETS}\r\ncontent-length: 0\r\n\r\n` }, "InvalidResponseError"],
    // Not well-formed HTTP: an InvalidResponseError too, never retried.
    ["a header with a malformed name, echoing them", { kind: "raw", bytes: `HTTP/1.1 200 OK\r\n(${ALL_SECRETS}): 1\r\ncontent-length: 0\r\n\r\n` }, "InvalidResponseError"],
    [
      "a chunked body with a malformed chunk size, echoing them",
      { kind: "raw", bytes: `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nzz${ALL_SECRETS}\r\n{}\r\n0\r\n\r\n` },
      "InvalidResponseError",
    ],
  ];

  it.each(cases)("keeps them out of the error and the log for %s", async (_case, behaviour, errorName) => {
    const log = captureLogger();
    const { call } = headerClient(log);
    server.script(behaviour);
    const error = await caught(call("register"));
    expect(error.name).toBe(errorName);
    // The credentials did travel: the caller's headers went out as given.
    const sent = server.requests[0]!.headers;
    expect([sent.authorization, sent["proxy-authorization"], sent["pw-subscription-key"]]).toEqual([`Bearer ${BEARER}`, `Basic ${PROXY_CREDENTIAL}`, CALL_KEY]);
    for (const [where, text] of Object.entries(renderings(error))) expectNoSecretIn(text, `the error's ${where}`);
    expect(log.lines.length).toBeGreaterThan(0);
    expectNoSecretIn(logText(log), "the log");
  });

  it("scrubs request id, error code and missing list but keeps what is not secret", async () => {
    const { call } = headerClient(captureLogger());
    server.script(cases[4]![1]);
    const error = (await caught(call("register"))) as Error & { requestId?: string; errorCode?: string; missing?: string[] };
    expect(error.requestId).toBe("[REDACTED]");
    expect(error.errorCode).toBe("E_[REDACTED]");
    expect(error.missing).toEqual(["[REDACTED]", "[REDACTED]"]);
    expect(error.message).toBe("Missing parameters");
  });

  it("renames secret property and header names to [REDACTED] and keeps their neighbours", async () => {
    const { call } = headerClient(captureLogger());
    server.script(cases[8]![1], cases[9]![1]);
    const named = (await caught(call("register"))) as Error & { body: any };
    expect(named.body["[REDACTED]"]).toBe(1);
    expect(named.body.message).toBe("Conflict");
    expect(Object.keys(named.body.data)).toEqual(["[REDACTED]"]);
    const headers = ((await caught(call("register"))) as Error & { headers: Record<string, string> }).headers;
    expect(headers["[REDACTED]"]).toBe("1");
    // x-<credential> and x-<session token> both become x-[REDACTED]; whichever wins, neither name shows.
    expect(headers["x-[REDACTED]"]).toMatch(/^(2|\[REDACTED\])$/);
    expect(headers["content-type"]).toBe("application/json");
  });

  it("keeps a sanitized cause for a malformed answer: name, code and scrubbed message, no raw bytes", async () => {
    const { call } = headerClient(captureLogger());
    server.script(cases[10]![1]);
    const error = await caught(call("register"));
    const cause = error.cause as Error & { cause?: Error & { code?: string; data?: unknown } };
    expect(cause).toBeInstanceOf(Error);
    expect(cause.cause).toBeInstanceOf(Error);
    expect(cause.cause!.name).toBe("HTTPParserError");
    expect(cause.cause!.code).toBe("HPE_INVALID_STATUS");
    expect(cause.cause!.message).toMatch(/Invalid response status/);
    expect(cause.cause).not.toHaveProperty("data");
    expect(consoleLogOutput(error)).toContain("HPE_INVALID_STATUS");
  });
});

/** A JSON text nested `depth` levels deep: arrays, or objects with one key each. */
function deeplyNested(depth: number, kind: "arrays" | "objects"): string {
  return kind === "arrays" ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}

/** An envelope (serialised) whose `data` is `inner`, a JSON text. */
function envelopeAround(code: number, status: "error" | "success", inner: string): string {
  const head = JSON.stringify({ status, code, message: "deep", request_id: "62a88990-5a8a-4c89-8e16-d7a727d2ed0a" });
  return `${head.slice(0, -1)},"data":${inner}}`;
}

describe("deeply nested answers (100,000 levels)", () => {
  const DEPTH = 100_000;

  describe.each(["arrays", "objects"] as const)("of %s", (kind) => {
    // An error body is parsed only up to MAX_ERROR_BODY_BYTES (issue 15): as deep as fits in that.
    const errorDepth = Math.floor((MAX_ERROR_BODY_BYTES - 200) / (kind === "arrays" ? "[]".length : '{"a":}'.length));
    it.each(OPERATIONS)(`%s rejects a 400 error envelope ${errorDepth} levels deep with BadRequestError`, async (name) => {
      server.script({ kind: "respond", status: 400, body: envelopeAround(400, "error", deeplyNested(errorDepth, kind)), headers: { "content-type": "application/json" } });
      const error = (await caught(callOperation(testClient(server.url, { maxRetries: 0 }), name))) as Error & { body: unknown };
      expect(error.name).toBe("BadRequestError");
      expect(JSON.stringify(error.body)).toMatch(/\[TRUNCATED: nested deeper than \d+\]/);
      expect(() => inspect(error, { depth: Infinity })).not.toThrow();
    });

    it.each(OPERATIONS)("%s rejects a 200 error envelope with ConflictError", async (name) => {
      server.script({ kind: "respond", status: 200, body: envelopeAround(409, "error", deeplyNested(DEPTH, kind)), headers: { "content-type": "application/json" } });
      const error = await caught(callOperation(testClient(server.url, { maxRetries: 0, logLevel: "debug", logger: captureLogger().logger }), name));
      expect(error.name).toBe("ConflictError");
    });
  });
});

describe("deeply nested success answers (100,000 levels)", () => {
  const DEPTH = 100_000;
  /** The payload field each operation's success answer must carry; a deep value there breaks the contract. */
  // The envelope's `data` where the contract's success answer has one, else its first flattened field.
  const PAYLOAD_FIELD = Object.fromEntries(
    OPERATIONS.map((name) => {
      const path = operationPath(name);
      const body = successBody(path);
      const field = "data" in body ? "data" : Object.keys(body).find((key) => !ENVELOPE_META.includes(key));
      if (!field) throw new Error(`${name}'s documented success answer has no field of its own`);
      return [name, [path, field]];
    }),
  ) as Record<OperationName, [path: string, field: string]>;

  it.each(OPERATIONS)("%s rejects a deep value in a documented field with InvalidResponseError", async (name) => {
    const [path, field] = PAYLOAD_FIELD[name];
    const text = JSON.stringify({ ...successBody(path), [field]: "@deep@" }).replace('"@deep@"', deeplyNested(DEPTH, "arrays"));
    server.script({ kind: "respond", status: 200, body: text, headers: { "content-type": "application/json" } });
    const error = (await caught(callOperation(testClient(server.url), name))) as Error & { issues: { path: string }[] };
    expect(error.name).toBe("InvalidResponseError");
    expect(error.issues.map((issue) => issue.path)).toContain(field);
  });

  it.each(OPERATIONS)("%s passes a deep unknown field through, as it passes every unknown field", async (name) => {
    const text = JSON.stringify({ ...successBody(PAYLOAD_FIELD[name][0]), added_later: "@deep@" }).replace('"@deep@"', deeplyNested(DEPTH, "objects"));
    server.script({ kind: "respond", status: 200, body: text, headers: { "content-type": "application/json" } });
    const { meta } = await (callOperation(testClient(server.url), name) as ReturnType<PayWise["account"]["getStatus"]>).withResponse();
    expect(meta.status).toBe("success");
  });
});

describe("__proto__ in an answer", () => {
  const PROTO = { polluted: true, account_status: "hijacked" };

  function expectPlain(value: unknown): void {
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect("polluted" in (value as object)).toBe(false);
    expect((value as Record<string, unknown>).polluted).toBeUndefined();
    // Kept, as JSON.parse keeps it: an own data property, never the prototype.
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toEqual(PROTO);
    expect(JSON.parse(JSON.stringify(value)).__proto__).toEqual(PROTO);
    expect(Object.getPrototypeOf({ ...(value as object) })).toBe(Object.prototype);
  }

  // Which methods resolve to the envelope's `data` and which to its flattened fields, per the contract.
  const inData = OPERATIONS.filter((name) => "data" in successBody(operationPath(name)));
  const flattened = OPERATIONS.filter((name) => !inData.includes(name));

  it.each(flattened)("does not become the prototype of what %s resolves to", async (name) => {
    const body = successBody(operationPath(name));
    server.script({ kind: "respond", status: 200, body: withProtoKey(body, PROTO), headers: { "content-type": "application/json" } });
    const result = await callOperation(testClient(server.url), name);
    expectPlain(result);
    // A documented field the forged prototype also names keeps the answer's own value.
    if ("account_status" in body) expect((result as { account_status: string }).account_status).not.toBe("hijacked");
  });

  it.each(inData)("does not become the prototype of %s's data", async (name) => {
    const body = successBody(operationPath(name));
    const text = JSON.stringify(body).replace('"data":{', `"data":{"__proto__":${JSON.stringify(PROTO)},`);
    server.script({ kind: "respond", status: 200, body: text, headers: { "content-type": "application/json" } });
    expectPlain(await callOperation(testClient(server.url), name));
  });

  it("does not become the prototype of an error's body, at any level", async () => {
    const inner = withProtoKey({ error_code: "AMBIGUOUS_MATCH" }, PROTO);
    const text = withProtoKey(errorEnvelope(409, "Conflict"), PROTO).slice(0, -1) + `,"data":${inner}}`;
    server.script({ kind: "respond", status: 409, body: text, headers: { "content-type": "application/json" } });
    const error = (await caught(callOperation(testClient(server.url), "register"))) as Error & { body: { data: unknown }; errorCode: string };
    expect(error.name).toBe("ConflictError");
    expectPlain(error.body);
    expectPlain(error.body.data);
    expect(error.errorCode).toBe("AMBIGUOUS_MATCH");
  });
});
