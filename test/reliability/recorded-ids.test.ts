// Server ids and codes are server text (issue 28, item 2): a request id that holds the customer's
// mobile number, or an error code that carries the caller's name and the key in base64url, is
// masked in the span, the hooks' events and the log lines, while an ordinary UUID or code stays
// readable; the error object keeps what PayWise sent, less the key in any of its encodings.
import { afterEach, describe, expect, it } from "vitest";
import { callHooks, openTelemetry } from "../../src/observability";
import { envelope, json, unitClient, validStatusQuery, UNIT_KEY } from "../helpers/fake-fetch";
import { captureLogger } from "../helpers/fixtures";
import { otel } from "../helpers/otel";
import { caught } from "../helpers/renderings";

const MOBILE = String(validStatusQuery.mobile_number);
const LAST_NAME = String(validStatusQuery.last_name);
const base64 = (text: string) => Buffer.from(text).toString("base64");
const base64url = (text: string) => Buffer.from(text).toString("base64url");
/** The key as a server may echo it: as it is (any case), percent-encoded, in base64 and base64url, and inside a longer encoded text (Basic credentials). */
const KEY_FORMS = [UNIT_KEY, UNIT_KEY.toUpperCase(), encodeURIComponent(UNIT_KEY), base64(UNIT_KEY), base64url(UNIT_KEY), base64(`user:${UNIT_KEY}`)];
/** The mobile number as a server may echo it. */
const MOBILE_FORMS = [MOBILE, `${MOBILE.slice(0, 1)}-${MOBILE.slice(1, 4)}-${MOBILE.slice(4)}`, base64(MOBILE), base64url(MOBILE), encodeURIComponent(MOBILE)];

let telemetry: ReturnType<typeof otel> | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

type Events = Record<string, unknown>[];

async function callAnswering(requestId: string, errorCode: string, message: string, inHeader = true) {
  telemetry = otel();
  const events: Events = [];
  const log = captureLogger();
  const hooks = callHooks({ onResponse: (event) => void events.push({ ...event }), onError: (event) => void events.push({ ...event }) });
  const { client } = unitClient(() => json(envelope({ status: "error", code: 409, message, request_id: requestId, data: { error_code: errorCode } }), 409, inHeader ? { "pw-request-id": requestId } : {}), {
    telemetry: openTelemetry({ tracer: telemetry.tracer, meter: telemetry.meter }),
    hooks,
    logger: log.logger,
    logLevel: "debug",
  });
  const error = await caught(client.account.getStatus(validStatusQuery));
  const span = telemetry.finishedSpans().find((candidate) => candidate.attributes["paywise.request_id"] !== undefined)!;
  return { error, span, events, log };
}

describe("a server's request id and error code", () => {
  for (const [index, keyForm] of KEY_FORMS.entries()) {
    const mobileForm = MOBILE_FORMS[index % MOBILE_FORMS.length]!;
    it(`are recorded masked when they hold the mobile number (${mobileForm}) and the key (form ${index + 1} of ${KEY_FORMS.length})`, async () => {
      const errorCode = `NO_MATCH:${LAST_NAME}:${keyForm}`;
      const { error, span, events, log } = await callAnswering(mobileForm, errorCode, `No match for ${mobileForm}; key ${keyForm}`);
      const recorded = [String(span.attributes["paywise.request_id"]), String(span.attributes["paywise.error_code"]), JSON.stringify(events), log.text()].join("\n");
      for (const form of [...KEY_FORMS, keyForm, mobileForm]) expect(recorded.toLowerCase()).not.toContain(form.toLowerCase());
      expect(recorded).not.toContain(`:${LAST_NAME}:`);
      expect(span.attributes["paywise.request_id"]).toBe(`******${MOBILE.slice(-4)}`);
      // Within Basic credentials, the encoded user name around the key stays.
      expect(span.attributes["paywise.error_code"]).toMatch(new RegExp(`^NO_MATCH:${LAST_NAME[0]}\\*\\*\\*:(dXNlcjp)?\\[REDACTED\\](w==)?$`));
      expect(log.text()).toContain(`(request id ******${MOBILE.slice(-4)})`);
      // The error is the caller's: it keeps the name and the number PayWise sent, never the key.
      expect(error).toMatchObject({ errorCode: expect.stringMatching(new RegExp(`^NO_MATCH:${LAST_NAME}:(dXNlcjp)?\\[REDACTED\\](w==)?$`)), requestId: mobileForm });
      expect(JSON.stringify(error).toLowerCase()).not.toContain(keyForm.toLowerCase());
    });
  }

  it("are recorded as they came when they are an ordinary UUID and code", async () => {
    const uuid = "62a88990-5a8a-4c89-8e16-d7a727d2ed0a";
    const { span, events, log } = await callAnswering(uuid, "AMBIGUOUS_MATCH", "Multiple matches found.");
    expect(span.attributes).toMatchObject({ "paywise.request_id": uuid, "paywise.error_code": "AMBIGUOUS_MATCH" });
    expect(events).toEqual([expect.objectContaining({ requestId: uuid }), expect.objectContaining({ error: expect.objectContaining({ requestId: uuid, errorCode: "AMBIGUOUS_MATCH" }) })]);
    expect(log.text()).toContain(`(request id ${uuid})`);
  });

  it("are recorded with invisible characters escaped, so a code cannot pass for another", async () => {
    // Not in a header: fetch takes no such character there.
    const { span, error } = await callAnswering("62a88990\u200b", "AMBIGUOUS\u200b_MATCH\u{E0041}", "x", false);
    expect(span.attributes["paywise.error_code"]).toBe("AMBIGUOUS\\u200b_MATCH\\udb40\\udc41");
    expect(span.attributes["paywise.request_id"]).toBe("62a88990\\u200b");
    expect(error).toMatchObject({ errorCode: "AMBIGUOUS\\u200b_MATCH\\udb40\\udc41" });
  });
});
