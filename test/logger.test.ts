// The levelled logger: lines below the level are dropped, the rest go to the caller's sink with a
// prefix, and a sink that throws never reaches the call that logged.
import { describe, expect, it } from "vitest";
import { LOG_LEVELS, createLevelledLogger, type Logger, type LogLevel } from "../src/logger";

function sink() {
  const lines: [string, string, unknown][] = [];
  const logger: Logger = {
    error: (message, fields) => lines.push(["error", message, fields]),
    warn: (message, fields) => lines.push(["warn", message, fields]),
    info: (message, fields) => lines.push(["info", message, fields]),
    debug: (message, fields) => lines.push(["debug", message, fields]),
  };
  return { logger, lines };
}

function logAtEveryLevel(level: LogLevel) {
  const { logger, lines } = sink();
  const levelled = createLevelledLogger(level, logger);
  for (const at of ["error", "warn", "info", "debug"] as const) levelled.log(at, `${at} line`);
  return lines.map(([at]) => at);
}

describe("createLevelledLogger", () => {
  it("passes nothing at off", () => {
    expect(logAtEveryLevel("off")).toEqual([]);
  });

  it.each([
    ["error", ["error"]],
    ["warn", ["error", "warn"]],
    ["info", ["error", "warn", "info"]],
    ["debug", ["error", "warn", "info", "debug"]],
  ] as const)("passes %s and the levels above it", (level, expected) => {
    expect(logAtEveryLevel(level)).toEqual(expected);
  });

  it("says which levels are enabled, so callers can skip building costly fields", () => {
    const levelled = createLevelledLogger("info", sink().logger);
    expect(levelled.enabled("info")).toBe(true);
    expect(levelled.enabled("debug")).toBe(false);
    expect(LOG_LEVELS.filter((level) => level !== "off").map((level) => createLevelledLogger("off", sink().logger).enabled(level))).toEqual([false, false, false, false]);
  });

  it("prefixes the message and passes the fields on as they are", () => {
    const { logger, lines } = sink();
    const fields = { url: "https://api.paywise.test/account/balance" };
    createLevelledLogger("debug", logger).log("debug", "POST /account/balance attempt 1", fields);
    expect(lines).toEqual([["debug", "[paywise] POST /account/balance attempt 1", fields]]);
  });

  it("swallows an error thrown by the sink", () => {
    const throwing: Logger = {
      error: () => {
        throw new Error("sink down");
      },
      warn: () => {},
      info: () => {},
      debug: () => {},
    };
    expect(() => createLevelledLogger("error", throwing).log("error", "register failed")).not.toThrow();
  });
});

describe("the error line of a failed call", () => {
  it("masks the caller's personal data that the server's message repeats", async () => {
    const { unitClient, json, envelope } = await import("./helpers/fake-fetch");
    const { logger, lines } = sink();
    const { client } = unitClient(
      () => json(envelope({ status: "error", code: 404, message: "No account for 18681112220 (Icon Gilbert)" }), 404),
      { logLevel: "error", logger },
    );
    await client.account
      .getStatus({ mobile_number: "18681112220", institution_name: "PayWiseDAP", first_name: "Icon", last_name: "Gilbert" })
      .catch(() => undefined);
    const errorLines = lines.filter(([at]) => at === "error").map(([, message]) => message);
    expect(errorLines).toEqual(["[paywise] getStatus failed: NotFoundError: No account for ******2220 (I*** G***) (request id 4ae4daab-7728-4132-a727-795a6eb19ef5)"]);
  });
});

describe("log lines through the default console (issue 10)", () => {
  it("end with the message, not a printed 'undefined' for absent fields", async () => {
    const { Console } = await import("node:console");
    const { PassThrough } = await import("node:stream");
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    const console = new Console({ stdout: stream, stderr: stream });
    const levelled = createLevelledLogger("debug", console);
    levelled.log("info", "GET /account/account answered 200 in 5 ms");
    levelled.log("warn", "GET /account/account answered 503; retry 1 of 2 in 500 ms");
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks.join("").split("\n").filter(Boolean)).toEqual([
      "[paywise] GET /account/account answered 200 in 5 ms",
      "[paywise] GET /account/account answered 503; retry 1 of 2 in 500 ms",
    ]);
  });
});

describe("the request id on every log line of a call (issue 10)", () => {
  const REQUEST_ID = "0b7e5b1c-3f1a-4f43-9a53-6a0c34d1d8aa";

  it("carries the PW-request-id createSession sent, on every line", async () => {
    const { unitClient, json, envelope, validSessionBody } = await import("./helpers/fake-fetch");
    const { logger, lines } = sink();
    const { client } = unitClient(() => json(envelope({ status: "error", code: 409, message: "Multiple matches found." }), 409), { logLevel: "debug", logger, maxRetries: 0 });
    await client.account.createSession(validSessionBody, { requestId: REQUEST_ID }).catch(() => undefined);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const [, message] of lines) expect(message).toMatch(new RegExp(` \\(request id ${REQUEST_ID}\\)$`));
  });

  it("carries the request id PayWise answered with, from the answer on", async () => {
    const { unitClient, json, envelope, validStatusQuery } = await import("./helpers/fake-fetch");
    const { logger, lines } = sink();
    // PayWise puts the same id in its header and its envelope.
    const { client } = unitClient(() => json(envelope({ request_id: REQUEST_ID, account_status: "available", session_token: "1YU9Z52HTV" }), 200, { "pw-request-id": REQUEST_ID }), {
      logLevel: "debug",
      logger,
    });
    await client.account.getStatus(validStatusQuery);
    const messages = lines.map(([, message]) => message);
    expect(messages.find((message) => message.includes("answered 200"))).toMatch(new RegExp(`answered 200 in \\d+ ms \\(request id ${REQUEST_ID}\\)$`));
    // Before the answer, a GET has no request id yet: none is invented.
    expect(messages.find((message) => message.includes("attempt 1"))).not.toContain("request id");
  });

  it("carries the envelope's request_id on the error line when the headers had none", async () => {
    const { unitClient, json, envelope, validStatusQuery } = await import("./helpers/fake-fetch");
    const { logger, lines } = sink();
    const { client } = unitClient(() => json(envelope({ status: "error", code: 404, message: "No account", request_id: REQUEST_ID }), 404), { logLevel: "error", logger });
    await client.account.getStatus(validStatusQuery).catch(() => undefined);
    expect(lines.map(([, message]) => message)).toEqual([`[paywise] getStatus failed: NotFoundError: No account (request id ${REQUEST_ID})`]);
  });

  it("leaves out a request id that is not a plain token, or that is a secret", async () => {
    const { unitClient, json, envelope, validStatusQuery, UNIT_KEY } = await import("./helpers/fake-fetch");
    for (const answered of ["id with spaces\u001b[31m", UNIT_KEY]) {
      const { logger, lines } = sink();
      const { client } = unitClient(() => json(envelope({ account_status: "available", session_token: "1YU9Z52HTV" }), 200, { "pw-request-id": answered }), {
        logLevel: "info",
        logger,
      });
      await client.account.getStatus(validStatusQuery);
      expect(lines.length).toBeGreaterThan(0);
      const logged = JSON.stringify(lines);
      expect(logged).not.toContain(answered.slice(0, 8));
      // The envelope's request_id (a UUID, as the contract requires) is the one shown instead.
      for (const [, message, fields] of lines) {
        expect(message).toMatch(new RegExp(`\\(request id ${envelope().request_id}\\)$`));
        expect(fields).toMatchObject({ requestId: envelope().request_id });
      }
    }
  });
});

describe("structured fields (issue 17)", () => {
  it("give every line of a call its operation, method and path, and the answer line its status, attempt, duration and request id", async () => {
    const { unitClient, statusAnswer, envelope, validStatusQuery } = await import("./helpers/fake-fetch");
    const { logger, lines } = sink();
    const { client } = unitClient(() => statusAnswer(), { logLevel: "debug", logger });
    await client.account.getStatus(validStatusQuery);
    for (const [, , fields] of lines) expect(fields).toMatchObject({ operation: "getStatus", method: "GET", path: "/account/account" });
    const answered = lines.find(([, message]) => message.includes("answered"));
    expect(answered?.[2]).toEqual({
      operation: "getStatus",
      method: "GET",
      path: "/account/account",
      attempt: 1,
      status: 200,
      durationMs: expect.any(Number),
      requestId: envelope().request_id,
    });
  });

  it("carry the envelope's request id on the success lines of every operation, once it is known (issue 16)", async () => {
    const { unitClient, json } = await import("./helpers/fake-fetch");
    const { callOperation, inputs, successBody } = await import("./helpers/fixtures");
    for (const name of Object.keys(inputs) as (keyof typeof inputs)[]) {
      const { logger, lines } = sink();
      const REQUEST_ID = "9f0c1a52-8a57-4f7e-8f3c-3c3b2f0a9d11";
      // No request id header: the envelope's request_id is the only one (PayWise echoes the PW-request-id of createSession there).
      const { client, requests } = unitClient(
        (request) => json({ ...successBody(request.url.toString()), request_id: request.headers.get("pw-request-id") ?? REQUEST_ID }),
        { logLevel: "info", logger },
      );
      await callOperation(client, name);
      const expected = requests[0]!.headers.get("pw-request-id") ?? REQUEST_ID;
      expect(lines.length, name).toBeGreaterThan(0);
      for (const [, message, fields] of lines) {
        expect(message, name).toMatch(new RegExp(`\\(request id ${expected}\\)$`));
        expect(fields, name).toMatchObject({ requestId: expected });
      }
    }
  });

  it("prefer the envelope's request_id to the header's once the envelope is read", async () => {
    const { unitClient, json, envelope, validStatusQuery } = await import("./helpers/fake-fetch");
    const { logger, lines } = sink();
    const header = "0b7e5b1c-3f1a-4f43-9a53-6a0c34d1d8aa";
    const { client } = unitClient(() => json(envelope({ account_status: "available", session_token: "1YU9Z52HTV" }), 200, { "pw-request-id": header }), { logLevel: "info", logger });
    await client.account.getStatus(validStatusQuery);
    expect(lines.map(([, , fields]) => (fields as { requestId?: string }).requestId)).toEqual([envelope().request_id]);
  });

  it("carry the envelope's request_id on the answer line of an error too, not only on the error line", async () => {
    const { unitClient, json, envelope, validStatusQuery } = await import("./helpers/fake-fetch");
    const { logger, lines } = sink();
    const REQUEST_ID = "62a88990-5a8a-4c89-8e16-d7a727d2ed0a";
    const { client } = unitClient(() => json(envelope({ status: "error", code: 404, message: "No account", request_id: REQUEST_ID }), 404), { logLevel: "info", logger });
    await client.account.getStatus(validStatusQuery).catch(() => undefined);
    expect(lines.map(([at, , fields]) => [at, (fields as { requestId?: string }).requestId])).toEqual([
      ["info", REQUEST_ID],
      ["error", REQUEST_ID],
    ]);
  });

  it("reach a real pino logger as its fields, with logFieldsFirst", async () => {
    const { default: pino } = await import("pino");
    const { unitClient, statusAnswer, envelope, validStatusQuery } = await import("./helpers/fake-fetch");
    const written: string[] = [];
    const logger = pino({ level: "debug" }, { write: (line: string) => void written.push(line) });
    const { client } = unitClient(() => statusAnswer(), { logLevel: "info", logger, logFieldsFirst: true });
    await client.account.getStatus(validStatusQuery);
    const records = written.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toEqual([
      expect.objectContaining({
        level: 30,
        msg: `[paywise] GET /account/account answered 200 in ${records[0]?.durationMs} ms (request id ${envelope().request_id})`,
        operation: "getStatus",
        method: "GET",
        path: "/account/account",
        status: 200,
        attempt: 1,
        durationMs: expect.any(Number),
        requestId: envelope().request_id,
      }),
    ]);
  });

  it("reach a real winston logger as its metadata, as it is", async () => {
    const winston = await import("winston");
    const { Writable } = await import("node:stream");
    const { unitClient, statusAnswer, envelope, validStatusQuery } = await import("./helpers/fake-fetch");
    const written: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written.push(chunk.toString());
        done();
      },
    });
    const logger = winston.createLogger({ level: "debug", format: winston.format.json(), transports: [new winston.transports.Stream({ stream })] });
    const { client } = unitClient(() => statusAnswer(), { logLevel: "info", logger });
    await client.account.getStatus(validStatusQuery);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ level: "info", message: expect.stringContaining("answered 200"), operation: "getStatus", status: 200, attempt: 1, requestId: envelope().request_id }),
    ]);
  });

  it("pass the fields first only when asked", () => {
    const calls: unknown[][] = [];
    const record = (...args: unknown[]) => void calls.push(args);
    const fieldsFirst = { error: record, warn: record, info: record, debug: record };
    createLevelledLogger("info", fieldsFirst, true).log("info", "line", { a: 1 });
    createLevelledLogger("info", fieldsFirst).log("info", "line", { a: 1 });
    expect(calls).toEqual([
      [{ a: 1 }, "[paywise] line"],
      ["[paywise] line", { a: 1 }],
    ]);
  });
});
