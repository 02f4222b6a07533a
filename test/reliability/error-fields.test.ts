// Every field of an error a caller can see is the redacted view, and every server string in an
// error or a log line stays on one line (issue 15, item 2). The server here hands out a token of
// its own in an error body and repeats it; a caller's console.log, util.inspect or JSON.stringify
// of the error must show it nowhere.
import { describe, expect, it } from "vitest";
import { APIError, InvalidResponseError, type Logger } from "../../src/index";
import { envelope, json, unitClient, validStatusQuery } from "../helpers/fake-fetch";
import { caught, renderings } from "../helpers/renderings";
import { MAX_ERROR_BODY_BYTES } from "../../src/answer";

const NEW_TOKEN = "NEWTOKEN-9f8e7d6c5b";

/** Everything a caller can look at on an API error, field by field, and rendered whole. */
function everyView(error: Error): Record<string, string> {
  const api = error as APIError;
  return {
    ...renderings(error),
    body: String(JSON.stringify(api.body)),
    headers: String(JSON.stringify(api.headers)),
    requestId: String(api.requestId),
    errorCode: String(api.errorCode),
    missing: String(JSON.stringify(api.missing)),
  };
}

function expectAbsent(error: Error, secret: string): void {
  for (const [where, text] of Object.entries(everyView(error))) {
    expect(text.toLowerCase().includes(secret.toLowerCase()), `${secret} appears in ${where}:\n${text}`).toBe(false);
  }
}

async function getStatusError(answer: () => Response, options: { logger?: Logger } = {}): Promise<APIError> {
  const { client } = unitClient(answer, { maxRetries: 0, ...(options.logger ? { logLevel: "error" as const, logger: options.logger } : {}) });
  const error = await caught(client.account.getStatus(validStatusQuery));
  expect(error).toBeInstanceOf(APIError);
  return error as APIError;
}

describe("a token the server hands out in an error body", () => {
  it("is redacted from error.body as well as the message, in the issue's own body", async () => {
    const body = { data: { session_token: NEW_TOKEN, hint: `use ${NEW_TOKEN}` } };
    const error = await getStatusError(() => json(body, 400));
    expectAbsent(error, NEW_TOKEN);
    expect(error.body).toEqual({ data: { session_token: "[REDACTED]", hint: "use [REDACTED]" } });
  });

  it("is redacted from every field when an envelope repeats it in message, request id, error code, missing and headers", async () => {
    const answer = () =>
      json(
        envelope({
          status: "error",
          code: 409,
          message: `Session ${NEW_TOKEN} already open`,
          request_id: `req-${NEW_TOKEN}`,
          missing: [NEW_TOKEN],
          data: { error_code: `E_${NEW_TOKEN}`, session_token: NEW_TOKEN, [NEW_TOKEN]: "as a key" },
        }),
        409,
        { "x-echo": NEW_TOKEN, [`x-${NEW_TOKEN.toLowerCase()}`]: "as a header name" },
      );
    const error = await getStatusError(answer);
    expectAbsent(error, NEW_TOKEN);
    expect(error.message).toBe("Session [REDACTED] already open");
  });

  it("is redacted when it sits deep in the body and is repeated deeper still", async () => {
    let nested: Record<string, unknown> = { hint: `token was ${NEW_TOKEN}` };
    for (let level = 0; level < 20; level++) nested = { level, inner: level === 10 ? { ...nested, session_token: NEW_TOKEN } : nested };
    const error = await getStatusError(() => json(envelope({ status: "error", code: 400, message: "Bad", data: nested }), 400));
    expectAbsent(error, NEW_TOKEN);
  });

  it("is redacted when it came as a cookie the server set and the body repeats", async () => {
    const cookie = "sess-7c1e9a2b4d";
    const error = await getStatusError(() =>
      json(envelope({ status: "error", code: 401, message: `Cookie ${cookie} expired`, data: { seen: cookie } }), 401, { "set-cookie": `sid=${cookie}; HttpOnly` }),
    );
    expectAbsent(error, cookie);
  });

  // The payment credentials of issue 15, each as a field of the body and repeated as free text
  // in the message, a sibling field, an array and a header.
  const PAYMENT_CREDENTIALS = [
    "pin", "PIN", "atm_pin", "otp", "otpCode", "cvv", "cvv2", "cvc", "card_number", "cardNumber", "pan", "jwt", "bearer",
    "signature", "session_id", "sessionId", "password", "passwd", "pwd", "new_password", "passphrase", "passcode",
    "security_code", "api_key", "access_token", "refresh_token", "client_secret",
  ];
  it.each(PAYMENT_CREDENTIALS)("is redacted under the name %s", async (name) => {
    const value = `v4lue-${name.toLowerCase().replace(/[^a-z]/g, "")}-83jf`;
    const error = await getStatusError(() =>
      json(
        envelope({ status: "error", code: 422, message: `Rejected ${value}`, data: { [name]: value, detail: { note: `saw ${value}`, list: [value] } } }),
        422,
        { "x-echo": value },
      ),
    );
    expectAbsent(error, value);
  });
});

describe("control characters from the server", () => {
  const FORGED = "\r\n[paywise] getStatus answered 200\u001b[2K\u202egnp.exe\u2028";
  const RAW_CONTROLS = /[\r\n\u001b\u202e\u2028]/;

  it("are escaped in the message, request id, error code and missing list of an error", async () => {
    const error = await getStatusError(() =>
      json(envelope({ status: "error", code: 400, message: `Bad${FORGED}`, request_id: `id${FORGED}`, missing: [`a${FORGED}`], data: { error_code: `E${FORGED}` } }), 400),
    );
    for (const [field, value] of Object.entries({ message: error.message, requestId: error.requestId, errorCode: error.errorCode, missing: error.missing?.[0] })) {
      expect(value, field).toBeDefined();
      expect(RAW_CONTROLS.test(value!), `${field}: ${JSON.stringify(value)}`).toBe(false);
    }
    expect(error.message).toBe("Bad\\r\\n[paywise] getStatus answered 200\\u001b[2K\\u202egnp.exe\\u2028");
  });

  it("are escaped in a request id taken from a response header", async () => {
    // fetch refuses CR and LF in a header value, but not the C1 and bidi characters (as Latin-1 bytes).
    const error = await getStatusError(() => json({ oops: true }, 500, { "pw-request-id": "id\u0085\u009bx" }));
    expect(error.requestId).toBe("id\\u0085\\u009bx");
  });

  it("never forge a second log line", async () => {
    const lines: string[] = [];
    const at = (message: string) => void lines.push(message);
    const logger: Logger = { error: at, warn: at, info: at, debug: at };
    await getStatusError(() => json(envelope({ status: "error", code: 400, message: `Bad${FORGED}` }), 400), { logger });
    expect(lines).toHaveLength(1);
    expect(RAW_CONTROLS.test(lines[0]!), JSON.stringify(lines[0])).toBe(false);
  });
});

describe("the caller's personal data, as the server spells it back, in the error log line", () => {
  it("is masked in upper case, with dashes between the digits, and with %40 for the @", async () => {
    const lines: string[] = [];
    const at = (message: string) => void lines.push(message);
    const logger: Logger = { error: at, warn: at, info: at, debug: at };
    // The documented input, spelt back as a server might: digits grouped, names upper-cased, @ encoded.
    const { mobile_number: digits, first_name: first, last_name: last } = validStatusQuery;
    const email = "icon.gilbert@example.com";
    const dashed = `${digits.slice(0, -10)}-${digits.slice(-10, -7)}-${digits.slice(-7, -4)}-${digits.slice(-4)}`;
    const spaced = `+${digits.slice(0, -10)} (${digits.slice(-10, -7)}) ${digits.slice(-7, -4)} ${digits.slice(-4)}`;
    const { client } = unitClient(
      () => json(envelope({ status: "error", code: 404, message: `No account for ${dashed} / ${spaced}, ${first.toUpperCase()} ${last.toUpperCase()}, ${email.replace("@", "%40")}` }), 404),
      { maxRetries: 0, logLevel: "error", logger },
    );
    await caught(client.account.getStatus({ ...validStatusQuery, email }));
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    for (const shown of [dashed.slice(-12), spaced.slice(-13), first.toUpperCase(), last.toUpperCase(), email.split("@")[0]!]) expect(line, line).not.toContain(shown);
    expect(line).toContain(`******${digits.slice(-4)}`);
  });
});

describe("a broken error envelope that still carries a string request_id (issue 21)", () => {
  const id = envelope().request_id as string;
  const broken: Record<string, Record<string, unknown>> = {
    "code null": { code: null },
    "code a string": { code: "400" },
    "no status": { status: undefined },
    "no code": { code: undefined },
  };
  it.each(Object.entries(broken))("keeps the request id on a 400 whose envelope has %s", async (_name, fields) => {
    const error = await getStatusError(() => json(envelope({ status: "error", code: 400, message: "Missing parameters", ...fields }), 400));
    expect(error.name).toBe("BadRequestError");
    expect(error.requestId).toBe(id);
  });

  it("does not take a request_id that is not a string, nor one from an array body", async () => {
    const headerId = "hdr-7b1c";
    const answer = (body: unknown) => () => json(body, 400, { "pw-request-id": headerId });
    expect((await getStatusError(answer(envelope({ status: "error", code: null, request_id: 42 })))).requestId).toBe(headerId);
    expect((await getStatusError(answer([{ request_id: id }]))).requestId).toBe(headerId);
  });

  it("scrubs a token the request_id repeats", async () => {
    const error = await getStatusError(() => json({ status: "error", code: null, request_id: `req-${NEW_TOKEN}`, data: { session_token: NEW_TOKEN } }, 400));
    expectAbsent(error, NEW_TOKEN);
  });
});

describe("an error body larger than the SDK parses (issue 15, item 4)", () => {
  /** An error envelope of exactly `size` bytes, padded in a field of its data. */
  function envelopeOfSize(size: number, fields: Record<string, unknown> = {}): string {
    const base = envelope({ status: "error", code: 500, message: "Upstream failed", data: { pad: "" }, ...fields });
    const text = JSON.stringify(base);
    return text.replace('"pad":""', `"pad":"${"x".repeat(size - text.length)}"`);
  }
  const raw = (text: string, status: number) => () => new Response(text, { status, headers: { "content-type": "application/json" } });

  it("is parsed up to the limit", async () => {
    const text = envelopeOfSize(MAX_ERROR_BODY_BYTES);
    expect(new TextEncoder().encode(text).byteLength).toBe(MAX_ERROR_BODY_BYTES);
    const error = await getStatusError(raw(text, 500));
    expect(error.message).toBe("Upstream failed");
    expect((error.body as { data: { pad: string } }).data.pad).toHaveLength(text.length - JSON.stringify(envelope({ status: "error", code: 500, message: "Upstream failed", data: { pad: "" } })).length);
  });

  it("is neither parsed nor kept one byte past it; the error says so and keeps its class", async () => {
    const error = await getStatusError(raw(envelopeOfSize(MAX_ERROR_BODY_BYTES + 1), 500));
    expect(error.name).toBe("InternalServerError");
    expect(error.message).toBe(`HTTP 500 with an error body of ${MAX_ERROR_BODY_BYTES + 1} bytes, more than the ${MAX_ERROR_BODY_BYTES} the SDK parses (PayWise's are under 2 KB), so it was not kept.`);
    expect(error.body).toBe(`[NOT KEPT: an error body of ${MAX_ERROR_BODY_BYTES + 1} bytes, more than ${MAX_ERROR_BODY_BYTES}]`);
  });

  it("keeps none of 762 KiB of empty objects (the issue's 39 MiB error.body)", async () => {
    const text = `[${Array(260_000).fill("{}").join(",")}]`;
    const error = await getStatusError(raw(text, 500));
    expect(typeof error.body).toBe("string");
    expect(String(error.body).length).toBeLessThan(200);
  });

  it("under a 200 error envelope, keeps the envelope's class and message, with its tokens redacted", async () => {
    const text = envelopeOfSize(MAX_ERROR_BODY_BYTES * 2, { code: 409, message: `Open session ${NEW_TOKEN}`, data: { pad: "", session_token: NEW_TOKEN } });
    const error = await getStatusError(raw(text, 200));
    expect(error.name).toBe("ConflictError");
    expect(error.message).toBe("Open session [REDACTED]");
    expect(error.body).toMatch(/^\[NOT KEPT/);
    expectAbsent(error, NEW_TOKEN);
  });

  it("under a 200 error envelope too large to search (977 KiB of numbers), keeps its class and request id, and neither its message nor its body (issue 21)", async () => {
    const numbers = Array.from({ length: 122_000 }, (_, index) => 1_234_560 + index);
    const text = JSON.stringify(envelope({ status: "error", code: 503, message: `Open session ${NEW_TOKEN}`, data: { numbers, session_token: NEW_TOKEN, error_code: "BUSY" } }));
    const size = new TextEncoder().encode(text).byteLength;
    expect(size).toBeGreaterThan(900 * 1024);
    const error = await getStatusError(raw(text, 200));
    expect(error.name).toBe("InternalServerError");
    expect(error.requestId).toBe(envelope().request_id);
    expect(error.message).toBe(`HTTP 200 with an error envelope (code 503) of ${size} bytes, more than the ${MAX_ERROR_BODY_BYTES} the SDK parses (PayWise's are under 2 KB), so it was not kept.`);
    expect(error).toMatchObject({ errorCode: undefined, missing: undefined, body: `[NOT KEPT: an error body of ${size} bytes, more than ${MAX_ERROR_BODY_BYTES}]` });
    expectAbsent(error, NEW_TOKEN);
  });

  it("is not kept in an InvalidResponseError either, for a 2xx that does not fit", async () => {
    const { client } = unitClient(raw(`[${Array(40_000).fill("{}").join(",")}]`, 200), { maxRetries: 0 });
    const error = (await caught(client.account.getStatus(validStatusQuery))) as InvalidResponseError & { body: unknown };
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.body).toMatch(/^\[NOT KEPT: an error body of \d+ bytes, more than 65536\]$/);
  });
});
