// A contract file arrives as PayWise publishes it, without a single x-pw-sensitive mark, so the
// generated SENSITIVE_FIELDS is empty. The known secrets (the key, credential headers passed in
// `headers`, session_token, authorisation_token) must stay out of errors and logs all the same.
// Issue 9, item 3.
import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { SENSITIVE_FIELDS } from "../../generated/current";
import { UNIT_KEY, envelope, json, unitClient, validRegisterBody } from "../helpers/fake-fetch";
import { captureLogger } from "../helpers/fixtures";
import { caught, renderings } from "../helpers/renderings";

vi.mock("../../generated/current", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../generated/current")>()),
  SENSITIVE_FIELDS: {},
}));

const SESSION_TOKEN = "sessionTOKENbase9";
const AUTHORISATION_TOKEN = "authTOKENbase7w";
const BEARER = "bearerTOKENbase3x";
const SECRETS = [UNIT_KEY, SESSION_TOKEN, AUTHORISATION_TOKEN, BEARER];
const ECHO = SECRETS.join(" ");
const input = { ...validRegisterBody, session_token: SESSION_TOKEN, authorisation_token: AUTHORISATION_TOKEN };

function expectNoSecretIn(text: string, where: string): void {
  for (const secret of SECRETS) expect(text.includes(secret), `${secret} appears in ${where}:\n${text}`).toBe(false);
}

describe("with no sensitive marks at all", () => {
  it("runs against an empty SENSITIVE_FIELDS", () => {
    expect(SENSITIVE_FIELDS).toEqual({});
  });

  it("keeps the key, the tokens and a caller's Authorization out of debug logs", async () => {
    const log = captureLogger();
    const { client, requests } = unitClient(() => json(envelope({ challengeId: "c-1" })), {
      logLevel: "debug",
      logger: log.logger,
      headers: { Authorization: `Bearer ${BEARER}` },
    });
    await client.account.register(input);
    expect(requests[0]!.body).toContain(SESSION_TOKEN);
    const text = log.lines.map((line) => `${line.message} ${inspect(line.fields, { depth: Infinity })}`).join("\n");
    expectNoSecretIn(text, "the log");
    expect(text).toMatch(/session_token: '\[REDACTED\]'/);
  });

  it("keeps them out of an error that echoes them by name, by value and in headers", async () => {
    const log = captureLogger();
    const answer = envelope({
      status: "error",
      code: 400,
      message: `Rejected ${ECHO}`,
      session_token: "a-token-only-the-server-knows",
      data: { authorisation_token: AUTHORISATION_TOKEN, echo: ECHO },
    });
    const { client } = unitClient(() => json(answer, 400, { "x-echo": ECHO, "set-cookie": "sid=cookieSECRET42" }), {
      logLevel: "debug",
      logger: log.logger,
      headers: { Authorization: `Bearer ${BEARER}` },
    });
    const error = (await caught(client.account.register(input))) as Error & { body: any; headers: Record<string, string> };
    expect(error.name).toBe("BadRequestError");
    for (const [where, text] of Object.entries(renderings(error))) expectNoSecretIn(text, `the error's ${where}`);
    expect(error.body.session_token).toBe("[REDACTED]");
    expect(error.headers["set-cookie"]).toBe("[REDACTED]");
    expectNoSecretIn(log.text(), "the log");
  });
});
