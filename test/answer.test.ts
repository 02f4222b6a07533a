// What src/answer.ts makes of a success that does not fit the contract (issue 14): an error that
// says PayWise accepted the request, or, with responseValidation "warn", the answer as received.
import { describe, expect, it } from "vitest";
import { InvalidRequestError, InvalidResponseError } from "../src/index";
import { captureLogger, SESSION_TOKEN } from "./helpers/fixtures";
import { balanceAnswer, envelope, json, unitClient, validStatusQuery } from "./helpers/fake-fetch";

/** A getStatus answer whose account_status has the wrong type, carrying a session token. */
const mistypedStatus = () => json(envelope({ account_status: 7, session_token: SESSION_TOKEN }));
const ISSUE = { path: "account_status", message: expect.any(String) };

async function rejection(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => new Error("the call succeeded, but it was expected to fail"),
    (reason: unknown) => reason,
  );
}

describe("a success that does not fit the contract, strict (the default)", () => {
  it("rejects with accepted: true, the status, the request id and the body with its token redacted", async () => {
    const { client, requests } = unitClient(mistypedStatus, { maxRetries: 2 });
    const error = (await rejection(client.account.getStatus(validStatusQuery))) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ accepted: true, status: 200, requestId: envelope().request_id, issues: [ISSUE] });
    expect(error.body).toMatchObject({ account_status: 7, session_token: "[REDACTED]" });
    expect(JSON.stringify(error.body)).not.toContain(SESSION_TOKEN);
    expect(error.message).not.toContain(SESSION_TOKEN);
    expect(requests).toHaveLength(1);
  });

  it("says accepted for a 2xx it cannot read at all, such as an HTML page", async () => {
    const { client } = unitClient(() => new Response("<html></html>", { status: 202, headers: { "content-type": "text/html" } }));
    const error = (await rejection(client.account.getStatus(validStatusQuery))) as InvalidResponseError;
    expect(error).toMatchObject({ accepted: true, status: 202, body: undefined });
  });

  it("leaves accepted unset when the answer does not tell, such as a status outside 200 to 599", async () => {
    const { client } = unitClient(() => ({ status: 999, ok: false, statusText: "", headers: new Headers(), body: null, url: "" }) as unknown as Response);
    const error = (await rejection(client.account.getStatus(validStatusQuery))) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.accepted).toBeUndefined();
  });

  it("gives no issues on .withResponse() when the answer fits", async () => {
    const { client } = unitClient(() => balanceAnswer());
    const { issues } = await client.account.getBalance({ mobile_number: "18680001234" }).withResponse();
    expect(issues).toEqual([]);
  });
});

describe('responseValidation "warn"', () => {
  it("resolves with the answer as received, its issues on .withResponse() and one warn line", async () => {
    const log = captureLogger();
    const { client } = unitClient(mistypedStatus, { responseValidation: "warn", logLevel: "warn", logger: log.logger });
    const { data, issues } = await client.account.getStatus(validStatusQuery).withResponse();
    expect(data).toEqual({ account_status: 7, session_token: SESSION_TOKEN });
    expect(issues).toEqual([ISSUE]);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({ level: "warn", message: expect.stringMatching(/getStatus: the answer does not match the .* contract; taken as received .*account_status: /) });
    expect(log.text()).not.toContain(SESSION_TOKEN);
  });

  it("is taken per call: the call's option overrides the client's, either way", async () => {
    const strictClient = unitClient(mistypedStatus).client;
    await expect(strictClient.account.getStatus(validStatusQuery, { responseValidation: "warn" })).resolves.toMatchObject({ account_status: 7 });
    const warnClient = unitClient(mistypedStatus, { responseValidation: "warn" }).client;
    expect(await rejection(warnClient.account.getStatus(validStatusQuery, { responseValidation: "strict" }))).toBeInstanceOf(InvalidResponseError);
  });

  it("still rejects an answer it cannot take as received, such as JSON that is not an envelope", async () => {
    const { client } = unitClient(() => json([1, 2, 3]), { responseValidation: "warn" });
    expect(await rejection(client.account.getStatus(validStatusQuery))).toBeInstanceOf(InvalidResponseError);
  });

  it("refuses another value, naming the option, as a client option and as a call option, and sends nothing", async () => {
    expect(() => unitClient(balanceAnswer, { responseValidation: "lenient" as "warn" })).toThrow(/responseValidation: must be one of "strict", "warn"/);
    const { client, requests } = unitClient(balanceAnswer);
    const error = await rejection(client.account.getBalance({ mobile_number: "18680001234" }, { responseValidation: "off" as "warn" }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).issues).toEqual([{ path: "responseValidation", message: 'must be one of "strict", "warn"' }]);
    expect(requests).toHaveLength(0);
  });
});
