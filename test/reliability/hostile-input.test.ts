// Header injection and clear-text keys: a CR or LF in any header value is refused before a byte
// is sent, and the key does not travel over plain http by accident. Issue 4, "Secrets and hostile input".
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidRequestError, PayWise } from "../../src/index";
import { IP_ADDRESS, ORIGIN_COUNTRY, SECRET_KEY, callOperation, testClient } from "../helpers/fixtures";
import { startFaultServer, type FaultServer } from "../helpers/fault-server";
import { noteCase, printReportAfterAll } from "../helpers/reliability-report";

printReportAfterAll("Hostile input (outcome, requests the server saw)");

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer({ fallback: { kind: "ok" } });
});
afterEach(async () => {
  await server.close();
});

/** Values that would end a header line early and start another one. */
const BREAKS = [
  ["CR LF", "paywise\r\nX-Injected: 1"],
  ["LF", "paywise\nX-Injected: 1"],
  ["CR", "paywise\rX-Injected: 1"],
  ["NUL", "paywise\0"],
] as const;

async function refused(call: Promise<unknown>): Promise<InvalidRequestError> {
  const error: unknown = await call.then(
    () => new Error("the call succeeded, but it was expected to be refused"),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(InvalidRequestError);
  return error as InvalidRequestError;
}

function construct(options: Partial<ConstructorParameters<typeof PayWise>[0]>): () => PayWise {
  return () => testClient(server.url, options);
}

describe.each(BREAKS)("a header value with %s", (breakName, value) => {
  it("is refused in the userAgent option when the client is built", () => {
    expect(construct({ userAgent: value })).toThrow(InvalidRequestError);
    expect(construct({ userAgent: value })).toThrow(/CR, LF or NUL/);
    noteCase(`${breakName} in userAgent`, "new PayWise", "InvalidRequestError", 0);
  });

  it("is refused in the client's headers option when the client is built", () => {
    expect(construct({ headers: { "X-Trace": value } })).toThrow(InvalidRequestError);
    noteCase(`${breakName} in client headers`, "new PayWise", "InvalidRequestError", 0);
  });

  it("is refused in per-call headers before anything is sent", async () => {
    const client = testClient(server.url);
    const error = await refused(callOperation(client, "getBalance", { headers: { "X-Trace": value } }));
    expect(error.issues[0]?.path).toBe("X-Trace");
    await refused(callOperation(client, "register", { headers: { "User-Agent": value } }));
    expect(server.requests).toHaveLength(0);
    noteCase(`${breakName} in per-call headers`, "getBalance, register", error.name, server.requests.length);
  });

  it("is refused in createSession's requestId before anything is sent", async () => {
    const error = await refused(callOperation(testClient(server.url), "createSession", { requestId: `0b6f3a56-2a1c-4c1e-9f0e-6d1f2a3b4c5d${value}` }));
    expect(error.issues[0]?.path).toBe("requestId");
    expect(server.requests).toHaveLength(0);
    noteCase(`${breakName} in requestId`, "createSession", error.name, server.requests.length);
  });
});

describe("header names", () => {
  it.each(["X-Trace\r\nX-Injected", "X-Trace: 1\nX", "X-Trace:"])("refuses the per-call header name %j before anything is sent", async (name) => {
    await refused(callOperation(testClient(server.url), "getStatus", { headers: { [name]: "1" } }));
    expect(server.requests).toHaveLength(0);
  });
});

describe("framing headers, which fetch sets from the request itself", () => {
  // Each of these hangs the call (a short Content-Length), fails it as if the network had
  // (Transfer-Encoding, Connection: upgrade, Keep-Alive, Upgrade, Expect), or is dropped without a
  // word (Host), depending on the name and value; none has a meaning a caller could want here.
  const FRAMING: [string, string][] = [
    ["Content-Length", "2"],
    ["content-length", "100"],
    ["Transfer-Encoding", "chunked"],
    ["Connection", "close"],
    ["CONNECTION", "upgrade"],
    ["Host", "api.paywise.example"],
    ["Keep-Alive", "timeout=5"],
    ["Upgrade", "websocket"],
    ["Expect", "100-continue"],
  ];

  it.each(FRAMING)("refuses %s: %s in per-call headers, naming it, before anything is sent", async (name, value) => {
    const client = testClient(server.url, { timeout: 2_000, maxRetries: 0 });
    for (const operation of ["register", "getStatus"] as const) {
      const error = await refused(callOperation(client, operation, { headers: { [name]: value } }));
      expect(error.issues).toEqual([{ path: name, message: expect.stringMatching(/framing/) }]);
      expect(error.message).toContain(name);
    }
    expect(server.requests).toHaveLength(0);
    noteCase(`${name}: ${value} in per-call headers`, "register, getStatus", "InvalidRequestError", server.requests.length);
  });

  it.each(FRAMING)("refuses %s: %s in the client's headers when the client is built", (name, value) => {
    expect(construct({ headers: { [name]: value } })).toThrow(InvalidRequestError);
    expect(construct({ headers: { [name]: value } })).toThrow(new RegExp(`${name}.*framing`));
  });

  it("still sends other extra headers, such as TE and tracing headers", async () => {
    await callOperation(testClient(server.url, { headers: { "X-Trace": "1" } }), "getBalance", { headers: { TE: "trailers" } });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers["x-trace"]).toBe("1");
  });
});

describe("the subscription key", () => {
  it("is refused with a CR LF in it, without quoting it", () => {
    const key = `${SECRET_KEY.slice(0, 30)}\r\n`;
    let error: unknown;
    try {
      testClient(server.url, { subscriptionKey: key });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(String((error as Error).message)).toMatch(/subscriptionKey|PW-subscription-key/);
    expect(String((error as Error).message)).not.toContain(SECRET_KEY.slice(0, 30));
  });

  it("sends a valid key exactly as given, once, in PW-subscription-key", async () => {
    await callOperation(testClient(server.url), "getBalance");
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers["pw-subscription-key"]).toBe(SECRET_KEY);
    expect(server.requests[0]?.headers).not.toHaveProperty("x-injected");
  });
});

describe("baseUrl", () => {
  const build = (baseUrl: string, allowInsecureHttp?: boolean) => () =>
    new PayWise({ subscriptionKey: SECRET_KEY, originCountry: ORIGIN_COUNTRY, ipAddress: IP_ADDRESS, baseUrl, ...(allowInsecureHttp === undefined ? {} : { allowInsecureHttp }) });

  it.each(["http://api.paywise.example", "http://127.0.0.1.paywise.example", "http://localhost.paywise.example", "http://10.0.0.8:8080"])(
    "refuses the non-loopback http: baseUrl %s",
    (baseUrl) => {
      expect(build(baseUrl)).toThrow(InvalidRequestError);
      expect(build(baseUrl)).toThrow(/baseUrl/);
      noteCase(`http: baseUrl ${baseUrl}`, "new PayWise", "InvalidRequestError", 0);
    },
  );

  it.each(["ftp://api.paywise.example", "ws://127.0.0.1:1234", "file:///etc/passwd"])("refuses the %s scheme whatever the host", (baseUrl) => {
    expect(build(baseUrl, true)).toThrow(InvalidRequestError);
  });

  it.each(["https://api.paywise.example", "http://127.0.0.1:4010", "http://localhost:4010", "http://[::1]:4010"])("accepts %s", (baseUrl) => {
    expect(build(baseUrl)).not.toThrow();
  });

  it("accepts a non-loopback http: baseUrl with allowInsecureHttp: true", () => {
    expect(build("http://api.paywise.example", true)).not.toThrow();
    noteCase("http: baseUrl with allowInsecureHttp: true", "new PayWise", "accepted", 0);
  });
});
