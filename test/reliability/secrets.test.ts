// The subscription key, session_token and authorisation_token never leave the SDK in an error,
// a stack, a serialisation, an inspection or a log line, even when the server echoes them back;
// personal data is masked in logs; logging is off unless asked for. Issue 4, "Secrets".
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PayWise, type ClientOptions } from "../../src/index";
import { resolveOptions } from "../../src/options";
import {
  AUTHORISATION_TOKEN,
  IP_ADDRESS,
  ORIGIN_COUNTRY,
  SECRET_KEY,
  SESSION_TOKEN,
  callOperation,
  captureLogger,
  errorEnvelope,
  inputs,
  testClient,
  type CapturedLog,
  type OperationName,
} from "../helpers/fixtures";
import { refusingUrl, startFaultServer, type Behaviour, type FaultServer } from "../helpers/fault-server";
import { caught, renderings } from "../helpers/renderings";
import { WAIT_UNDER_LOAD } from "../helpers/wait";

const SECRETS = { "subscription key": SECRET_KEY, session_token: SESSION_TOKEN, authorisation_token: AUTHORISATION_TOKEN };
const ECHO = `key=${SECRET_KEY} session=${SESSION_TOKEN} auth=${AUTHORISATION_TOKEN}`;

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

function expectNoSecretIn(text: string, where: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) {
    expect(text.includes(secret), `${name} appears in ${where}:\n${text}`).toBe(false);
  }
}

/** Hostile answers that carry the secrets back, as a broken or malicious server or proxy might. */
const echoingAnswers: [string, OperationName, Behaviour, string][] = [
  [
    "an error envelope echoing them in its message, fields and headers",
    "register",
    {
      kind: "respond",
      status: 400,
      body: errorEnvelope(400, `Rejected: ${ECHO}`, {
        session_token: SESSION_TOKEN,
        data: { authorisation_token: AUTHORISATION_TOKEN, received: { key: SECRET_KEY, note: ECHO } },
      }),
      headers: { "x-debug-echo": ECHO, "pw-subscription-key": SECRET_KEY, "set-cookie": `sid=${SESSION_TOKEN}` },
    },
    "BadRequestError",
  ],
  [
    "a CDN page echoing them in its body and reason phrase",
    "register",
    {
      kind: "respond",
      status: 403,
      statusMessage: `Forbidden ${SECRET_KEY}`,
      body: `<html><body>Blocked request with ${ECHO}</body></html>`,
      headers: { "content-type": "text/html" },
    },
    "PermissionDeniedError",
  ],
  [
    "a 200 error envelope echoing them",
    "register",
    { kind: "respond", status: 200, body: errorEnvelope(409, `Conflict for ${ECHO}`, { data: { error_code: "DUPLICATE", echo: ECHO } }) },
    "ConflictError",
  ],
  [
    "a 200 success that breaks the contract and echoes them",
    "register",
    { kind: "ok", extra: { challengeId: 42, session_token: SESSION_TOKEN, message: ECHO } },
    "InvalidResponseError",
  ],
  [
    "a 200 plain-text page echoing them",
    "getBalance",
    { kind: "respond", status: 200, body: ECHO, headers: { "content-type": "text/plain" } },
    "InvalidResponseError",
  ],
  [
    "a 500 echoing them",
    "register",
    { kind: "respond", status: 500, body: errorEnvelope(500, ECHO), headers: { "x-echo": ECHO } },
    "InternalServerError",
  ],
  [
    // createSession carries no token, so the key is the secret it knows to look for.
    "a 500 echoing the key, on every attempt",
    "createSession",
    { kind: "respond", status: 500, body: errorEnvelope(500, `bad key ${SECRET_KEY}`), headers: { "retry-after": "0", "x-echo": SECRET_KEY } },
    "InternalServerError",
  ],
  ["a connection reset", "register", { kind: "reset" }, "APIConnectionError"],
  ["a connection cut mid-body", "register", { kind: "reset-mid-body", body: JSON.stringify(errorEnvelope(200, ECHO)), sendBytes: 60 }, "APIConnectionError"],
];

describe("errors", () => {
  it.each(echoingAnswers)("keeps the secrets out of the error for %s", async (_case, name, behaviour, errorName) => {
    server.script(behaviour, behaviour, behaviour);
    const error = await caught(callOperation(testClient(server.url), name));
    expect(error.name).toBe(errorName);
    // The secrets did travel: the key in the request, and back in whatever the server echoed.
    expect(server.requests[0]?.headers["pw-subscription-key"]).toBe(SECRET_KEY);
    for (const [where, text] of Object.entries(renderings(error))) expectNoSecretIn(text, `the error's ${where}`);
  });

  it("redacts echoed secrets in an APIError's body and headers but keeps the rest", async () => {
    server.script(echoingAnswers[0]![2]);
    const error = (await caught(callOperation(testClient(server.url), "register"))) as Error & { body: any; headers: Record<string, string> };
    expect(error.body.data.received.key).toBe("[REDACTED]");
    expect(error.body.data.authorisation_token).toBe("[REDACTED]");
    expect(error.body.session_token).toBe("[REDACTED]");
    expect(error.headers["x-debug-echo"]).toBe("key=[REDACTED] session=[REDACTED] auth=[REDACTED]");
    expect(error.headers["pw-subscription-key"]).toBe("[REDACTED]");
    expect(error.message).toBe("Rejected: key=[REDACTED] session=[REDACTED] auth=[REDACTED]");
  });

  it("keeps the secrets out of a timeout, an abort and a refused connection", async () => {
    server.script({ kind: "hang" }, { kind: "hang" });
    const timeout = await caught(callOperation(testClient(server.url, { timeout: 100 }), "register"));
    const controller = new AbortController();
    const aborted = callOperation(testClient(server.url), "register", { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(2), WAIT_UNDER_LOAD);
    controller.abort();
    const abort = await caught(aborted);
    const refused = await caught(callOperation(testClient((await refusingUrl()).url, { maxRetries: 0 }), "register"));
    expect([timeout.name, abort.name, refused.name]).toEqual(["APIConnectionTimeoutError", "APIUserAbortError", "APIConnectionError"]);
    for (const error of [timeout, abort, refused]) {
      for (const [where, text] of Object.entries(renderings(error))) expectNoSecretIn(text, `${error.name}'s ${where}`);
    }
  });

  it("keeps the tokens out of an InvalidRequestError about the input they came in", async () => {
    const error = await caught(
      testClient(server.url).account.register({ ...inputs.register, mobile_number: "not a number", extra_field: SESSION_TOKEN } as typeof inputs.register),
    );
    expect(error.name).toBe("InvalidRequestError");
    expect(error.message).toMatch(/mobile_number/);
    for (const [where, text] of Object.entries(renderings(error))) expectNoSecretIn(text, `the error's ${where}`);
    expect(server.requests).toHaveLength(0);
  });

  it("keeps the key out of the error when a header value carrying it is refused", async () => {
    const error = await caught(callOperation(testClient(server.url), "getBalance", { headers: { "X-Trace": `${SECRET_KEY}\r\nX-Injected: 1` } }));
    expect(error.name).toBe("InvalidRequestError");
    for (const [where, text] of Object.entries(renderings(error))) expectNoSecretIn(text, `the error's ${where}`);
    expect(server.requests).toHaveLength(0);
  });
});

describe("the client", () => {
  function renderClient(client: PayWise): Record<string, string> {
    return {
      "util.inspect": inspect(client, { showHidden: true, depth: Infinity }),
      "util.inspect of client.account": inspect(client.account, { showHidden: true, depth: Infinity }),
      "JSON.stringify": JSON.stringify(client),
      "Object.keys": JSON.stringify(Reflect.ownKeys(client).map(String)),
    };
  }

  it("never shows the key, before or after calls", async () => {
    const client = testClient(server.url, { headers: { "X-Tenant": "acme" } });
    for (const [where, text] of Object.entries(renderClient(client))) expectNoSecretIn(text, where);
    server.script({ kind: "ok" }, { kind: "respond", status: 400, body: errorEnvelope(400, ECHO) });
    await callOperation(client, "getStatus");
    await caught(callOperation(client, "register"));
    for (const [where, text] of Object.entries(renderClient(client))) expectNoSecretIn(text, `${where} after calls`);
    expect(JSON.stringify(client)).toContain(server.url);
  });
});

describe("logs", () => {
  function debugClient(log: CapturedLog, options: ClientOptions = {}): PayWise {
    return testClient(server.url, { logLevel: "debug", logger: log.logger, ...options });
  }

  /** The log as text, with fields both serialised and inspected (a logger may do either). */
  function logText(log: CapturedLog): string {
    return log.lines.map((line) => `${line.level} ${line.message} ${JSON.stringify(line.fields)} ${inspect(line.fields, { depth: Infinity })}`).join("\n");
  }

  it("never logs the secrets at debug level, even when the server echoes them", async () => {
    const log = captureLogger();
    const client = debugClient(log, { headers: { "X-Tenant": "acme" } });
    for (const [, name, behaviour] of echoingAnswers) {
      server.clearScript();
      server.script(behaviour, behaviour, behaviour);
      await caught(callOperation(client, name));
    }
    server.clearScript();
    server.script({ kind: "ok" });
    await callOperation(client, "register");
    expect(log.lines.filter((line) => line.level === "debug").length).toBeGreaterThan(echoingAnswers.length);
    expect(log.lines.some((line) => line.level === "error")).toBe(true);
    expectNoSecretIn(logText(log), "the log");
  });

  it("redacts a credential header the caller adds, such as a proxy's Authorization", async () => {
    const log = captureLogger();
    const proxyToken = "Bearer proxyTOKENx9k2";
    server.script({ kind: "ok" });
    await callOperation(debugClient(log, { headers: { Authorization: proxyToken } }), "getBalance");
    expect(server.requests[0]?.headers.authorization).toBe(proxyToken);
    expect(logText(log)).not.toContain("proxyTOKENx9k2");
    expect(logText(log)).toContain('"authorization":"[REDACTED]"');
  });

  it("masks personal data in the input, including the GET query string of getStatus", async () => {
    const log = captureLogger();
    server.script({ kind: "ok" }, { kind: "ok" });
    const client = debugClient(log);
    await callOperation(client, "getStatus");
    await callOperation(client, "createSession");
    // The values are the contract's documented inputs; what the test fixes is how each kind is masked.
    const query = inputs.getStatus as Record<string, string>;
    const body = inputs.createSession as Record<string, string>;
    const identifier = (value: string) => `******${value.slice(-4)}`;
    const name = (value: string) => `${value[0]}***`;
    const email = (value: string) => `${value[0]}***${value.slice(value.indexOf("@"))}`;
    // The query did carry the raw values: masking happens in the log, not on the wire.
    expect(server.requests[0]?.url).toContain(`mobile_number=${query.mobile_number}`);
    const text = logText(log);
    for (const raw of [query.mobile_number!, query.first_name!, query.last_name!, body.lookup_value!, body.first_name!, body.last_name!, body.email!.split("@")[0]!]) {
      expect(text, `"${raw}" is in the log`).not.toContain(raw);
    }
    expect(text).toContain(`mobile_number=${identifier(query.mobile_number!)}`);
    expect(text).toContain(`first_name=${name(query.first_name!)}`);
    expect(text).toContain(`"lookup_value":"${identifier(body.lookup_value!)}"`);
    expect(text).toContain(`"last_name":"${name(body.last_name!)}"`);
    expect(text).toContain(`"email":"${email(body.email!)}"`);
  });

  it("logs nothing by default, even with a custom logger", async () => {
    vi.stubEnv("PAYWISE_LOG", undefined);
    const log = captureLogger();
    server.script({ kind: "respond", status: 503, headers: { "retry-after": "0" } }, { kind: "ok" }, { kind: "reset" });
    const client = testClient(server.url, { logger: log.logger });
    await callOperation(client, "getBalance");
    await caught(callOperation(client, "register"));
    expect(server.requests).toHaveLength(3);
    expect(log.lines).toEqual([]);
  });

  it("turns logging on from PAYWISE_LOG, read when the client is built", async () => {
    vi.stubEnv("PAYWISE_LOG", "info");
    const log = captureLogger();
    const client = testClient(server.url, { logger: log.logger });
    vi.stubEnv("PAYWISE_LOG", "off");
    server.script({ kind: "ok" });
    await callOperation(client, "getBalance");
    expect(log.lines.map((line) => line.level)).toEqual(["info"]);
    expect(log.lines[0]?.message).toMatch(/POST \/account\/balance answered 200/);
  });

  it("prefers the logLevel option to PAYWISE_LOG, and names PAYWISE_LOG when its value is unknown", () => {
    const base = { subscriptionKey: SECRET_KEY, originCountry: ORIGIN_COUNTRY, ipAddress: IP_ADDRESS, baseUrl: server.url };
    expect(resolveOptions(base, {}).logLevel).toBe("off");
    expect(resolveOptions(base, { PAYWISE_LOG: "debug" }).logLevel).toBe("debug");
    expect(resolveOptions({ ...base, logLevel: "error" }, { PAYWISE_LOG: "debug" }).logLevel).toBe("error");
    expect(() => resolveOptions(base, { PAYWISE_LOG: "verbose" })).toThrow(/logLevel/);
  });

  it("keeps a call's outcome when the caller's logger throws", async () => {
    const throwing = { error: () => {}, warn: () => {}, debug: () => {}, info: () => {
      throw new Error("log sink is down");
    } };
    server.script({ kind: "ok" });
    const result = await testClient(server.url, { logLevel: "info", logger: throwing }).account.register(inputs.register);
    expect(result).toMatchObject({ challengeId: expect.any(String) });
    expect(server.requests).toHaveLength(1);
  });
});
