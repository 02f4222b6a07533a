// Answers as a server really sends them, written byte for byte on the socket (issue 14): reason
// phrases beyond Latin-1, 1xx answers given as final ones, headers too large for fetch. Nothing
// between the test and the SDK normalises the bytes: the fault server writes them as they are.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BadRequestError, ConflictError, InternalServerError, InvalidResponseError } from "../../src/index";
import { startFaultServer, type Behaviour, type FaultServer } from "../helpers/fault-server";
import { RETRIED_OPERATIONS, SECRET_KEY, callOperation, captureLogger, errorEnvelope, inputs, operationPath, successBody, testClient, type OperationName } from "../helpers/fixtures";
import { servedExample } from "../helpers/served";
import { operations, responseExamples } from "../helpers/spec";

/** Per-test budget: a few calls on loopback, on a machine shared with other test runs. */
const TIMEOUT_MS = 20_000;

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(async () => {
  await server.close();
});

const OPERATION_NAMES = Object.keys(inputs) as OperationName[];

/**
 * An answer written on the socket as it is: the status line, headers and body, then the connection
 * closed. It says `connection: close` (unless `headers` say otherwise), so fetch does not send the next attempt down the socket
 * being closed (a race that would cost that attempt its scripted answer).
 */
function raw(statusLine: string, headers: Record<string, string>, body = ""): Behaviour {
  const head = Object.entries({ connection: "close", ...headers, "content-length": String(Buffer.byteLength(body)) })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  return { kind: "raw", bytes: Buffer.from(`${statusLine}\r\n${head}\r\n${body}`, "utf8") };
}

/** A JSON answer with the given status line (UTF-8 on the wire, as servers that send such phrases do). */
function rawJson(statusLine: string, body: unknown): Behaviour {
  return raw(statusLine, { "content-type": "application/json" }, JSON.stringify(body));
}

async function rejection(call: Promise<unknown>): Promise<Error> {
  const outcome: unknown = await call.then(
    () => new Error("the call succeeded, but it was expected to fail"),
    (reason: unknown) => reason,
  );
  return outcome as Error;
}

/** The contract's AMBIGUOUS_MATCH answer (a 409 of account_session), as PayWise documents it. */
/** createSession's 409 as the mock serves it: the documented AMBIGUOUS_MATCH answer, else a generated one (test/helpers/served.ts). */
const sessionOp = operations().find((op) => op.method === "POST" && "409" in op.operation.responses);
const ambiguousMatch = sessionOp && { status: 409, value: servedExample(sessionOp, 409) as { data?: { error_code?: string } } };

describe("a reason phrase beyond Latin-1", () => {
  const cases = OPERATION_NAMES.flatMap((name) => [
    [name, "HTTP/1.1 409 Ошибка", 409, ConflictError],
    [name, "HTTP/1.1 400 Erreur €", 400, BadRequestError],
  ] as const);

  it.each(cases)(
    "gives %s's %s as the typed error of its status, sent once",
    async (name, statusLine, status, ErrorClass) => {
      const envelope = errorEnvelope(status, `failed with ${status}`);
      // A second answer would turn a wrong retry into a success: the test would then fail on the class.
      server.script(rawJson(statusLine, envelope), { kind: "ok" });
      const error = await rejection(callOperation(testClient(server.url, { maxRetries: 2 }), name));
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toMatchObject({ status, code: status, message: envelope.message, requestId: envelope.request_id });
      expect(server.requests).toHaveLength(1);
    },
    TIMEOUT_MS,
  );

  it(
    "keeps createSession's AMBIGUOUS_MATCH flow working: a ConflictError with the error code, then the retry with the email succeeds",
    async () => {
      expect(ambiguousMatch, "the contract documents a 409 for a POST").toBeDefined();
      server.script(rawJson(`HTTP/1.1 ${ambiguousMatch!.status} Ошибка`, ambiguousMatch!.value), { kind: "ok" });
      const client = testClient(server.url);
      const error = await rejection(client.account.createSession(inputs.createSession));
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).errorCode).toBe(ambiguousMatch!.value.data?.error_code);
      expect(server.requests).toHaveLength(1);
      const session = await client.account.createSession({ ...inputs.createSession, email: "icon.gilbert@example.com" });
      expect(session).toEqual(successBody(server.requests[1]!.url).data);
    },
    TIMEOUT_MS,
  );

  it(
    "resolves a success whose reason phrase holds a control character, which fetch passes but a Response cannot be built with",
    async () => {
      server.script(rawJson("HTTP/1.1 200 O\u0001K", successBody(operationPath("getBalance"))));
      const data = await callOperation(testClient(server.url, { maxRetries: 0 }), "getBalance");
      expect(data).toEqual(successBody(server.requests[0]!.url).data);
      expect(server.requests).toHaveLength(1);
    },
    TIMEOUT_MS,
  );

  it(
    "quotes a phrase of a non-envelope answer in the message without the secrets it echoes",
    async () => {
      server.script(raw(`HTTP/1.1 502 Ошибка шлюза ${SECRET_KEY}`, { "content-type": "text/html" }, "<html>bad gateway</html>"));
      const error = await rejection(callOperation(testClient(server.url, { maxRetries: 0 }), "getBalance"));
      expect(error).toBeInstanceOf(InternalServerError);
      expect(error.message).toContain("HTTP 502 Ошибка шлюза [REDACTED]");
      expect(JSON.stringify({ ...error, message: error.message })).not.toContain(SECRET_KEY);
    },
    TIMEOUT_MS,
  );

  it(
    "retries a 503 whose phrase is beyond Latin-1 as any 503, then succeeds",
    async () => {
      // Connection: close, as the raw answer's socket is closed after it: without it undici may send
      // the retry on that socket before it sees the close, and the retry fails as a connection error.
      server.script(raw("HTTP/1.1 503 Недоступно", { "retry-after": "0", "content-type": "text/plain", connection: "close" }, "busy"), { kind: "ok" });
      const log = captureLogger();
      await expect(callOperation(testClient(server.url, { logLevel: "warn", logger: log.logger }), RETRIED_OPERATIONS[0]!)).resolves.toBeDefined();
      expect(server.requests).toHaveLength(2);
      // Retried for its status, not as a connection failure.
      expect(log.lines.map((line) => line.message)).toEqual([expect.stringMatching(/answered 503; retry 1 of/)]);
    },
    TIMEOUT_MS,
  );
});

describe("a 1xx answer given as the final one", () => {
  it.each(OPERATION_NAMES)(
    "is an InvalidResponseError for %s's 101 Switching Protocols, never retried",
    async (name) => {
      const switching = raw("HTTP/1.1 101 Switching Protocols", { connection: "Upgrade", upgrade: "websocket" });
      server.script(switching, switching, { kind: "ok" });
      const error = await rejection(callOperation(testClient(server.url, { maxRetries: 2 }), name));
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(error.message).toMatch(/101 \(Switching Protocols\)/);
      expect(server.requests).toHaveLength(1);
    },
    TIMEOUT_MS,
  );

  it(
    "is an InvalidResponseError for a 100 Continue to a request that expected none, never retried",
    async () => {
      const cont = { kind: "raw", bytes: "HTTP/1.1 100 Continue\r\n\r\n" } as const;
      server.script(cont, cont, { kind: "ok" });
      const error = await rejection(callOperation(testClient(server.url, { maxRetries: 2 }), "getStatus"));
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(server.requests).toHaveLength(1);
    },
    TIMEOUT_MS,
  );
});

describe("headers larger than fetch accepts", () => {
  it.each(OPERATION_NAMES)(
    "are an InvalidResponseError for %s, naming undici's code, never retried",
    async (name) => {
      // undici's default limit is 16 KiB of headers; one header of 64 KiB is over any setting it ships with.
      const overflowing = raw("HTTP/1.1 200 OK", { "content-type": "application/json", "x-padding": "a".repeat(64 * 1024) }, "{}");
      server.script(overflowing, overflowing, { kind: "ok" });
      const error = await rejection(callOperation(testClient(server.url, { maxRetries: 2 }), name));
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(error.message).toMatch(/headers larger than fetch accepts \((UND_ERR_HEADERS_OVERFLOW|HPE_HEADER_OVERFLOW)\)/);
      expect(server.requests).toHaveLength(1);
    },
    TIMEOUT_MS,
  );
});

describe("a success that does not fit the contract", () => {
  /** The contract's own success answer for the requested path with the envelope's `message` of the wrong type, written raw. */
  const mistyped = (url: string): Record<string, unknown> => ({ ...successBody(url), message: 42 });
  const mistypedSuccess: Behaviour = {
    kind: "custom",
    handle(request) {
      const body = JSON.stringify(mistyped(request.url ?? ""));
      request.socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    },
  };

  it(
    "tells register's caller that PayWise accepted it and not to register again before checking, sent once",
    async () => {
      server.script(mistypedSuccess, { kind: "ok" });
      const error = await rejection(callOperation(testClient(server.url, { maxRetries: 2 }), "register"));
      expect(server.requests).toHaveLength(1);
      const sent = mistyped(server.requests[0]!.url);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(error).toMatchObject({ accepted: true, status: 200, requestId: sent.request_id, issues: [{ path: "message", message: "expected string, got number" }] });
      expect(error.message).toMatch(/^PayWise accepted the register request \(HTTP 200\)/);
      expect(error.message).toContain("Do not call register again before checking whether it took effect");
      expect((error as InvalidResponseError).body).toEqual(sent);
    },
    TIMEOUT_MS,
  );

  it.each(RETRIED_OPERATIONS)(
    "tells %s's caller that PayWise accepted it, without the warning an operation safe to repeat does not need, and does not retry",
    async (name) => {
      server.script(mistypedSuccess, { kind: "ok" });
      const error = await rejection(callOperation(testClient(server.url, { maxRetries: 2 }), name));
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(error).toMatchObject({ accepted: true, status: 200 });
      expect(error.message).not.toContain("Do not call");
      expect(server.requests).toHaveLength(1);
    },
    TIMEOUT_MS,
  );
});
