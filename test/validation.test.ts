import { describe, expect, it } from "vitest";
import { InvalidRequestError, PayWise, type GetStatusParams } from "../src/index";
import { MAX_INPUT_STRING_LENGTH } from "../src/validation";
import { balanceAnswer, statusAnswer, unitClient, validRegisterBody, validSessionBody, validStatusQuery } from "./helpers/fake-fetch";

async function refusal(promise: Promise<unknown>): Promise<InvalidRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidRequestError);
  return error as InvalidRequestError;
}

describe("input validation", () => {
  it("lists each problem of a body with its field path and sends nothing", async () => {
    const { client, requests } = unitClient(() => balanceAnswer());
    const error = await refusal(
      client.account.register({ ...validRegisterBody, mobile_number: "+1 868 000", institution_name: "", callback_url: "not a url", first_name: 7 as unknown as string }),
    );
    expect(error.issues).toEqual([
      { path: "mobile_number", message: "must match /^[0-9]{7,15}$/" },
      { path: "institution_name", message: "must be at least 1 character" },
      { path: "first_name", message: "expected string, got number" },
      { path: "callback_url", message: "must be a valid url" },
    ]);
    expect(error.message).toMatch(/^The input of register is invalid, so nothing was sent:\n {2}- mobile_number: /);
    expect(requests).toHaveLength(0);
  });

  it("says which required fields are missing", async () => {
    const { client, requests } = unitClient(() => statusAnswer());
    const error = await refusal(client.account.getStatus({ mobile_number: "18681112220" } as GetStatusParams));
    expect(error.issues).toEqual([
      { path: "institution_name", message: "is required (string)" },
      { path: "first_name", message: "is required (string)" },
      { path: "last_name", message: "is required (string)" },
    ]);
    expect(requests).toHaveLength(0);
  });

  it("refuses a field the operation does not have, so a misspelling is not dropped silently", async () => {
    const { client, requests } = unitClient(() => statusAnswer());
    const error = await refusal(client.account.getStatus({ ...validStatusQuery, emial: "icon@example.com" } as GetStatusParams));
    expect(error.issues).toEqual([{ path: "emial", message: "is not a field of this operation" }]);
    expect(requests).toHaveLength(0);
  });

  it("does not let a caller set the version the SDK owns", async () => {
    const { client, requests } = unitClient(() => statusAnswer());
    const error = await refusal(client.account.getStatus({ ...validStatusQuery, version: "2023-01-01" } as GetStatusParams));
    expect(error.issues[0]!.path).toBe("version");
    expect(requests).toHaveLength(0);
  });

  it("checks an e-mail's format", async () => {
    const { client, requests } = unitClient(() => balanceAnswer());
    const error = await refusal(client.account.createSession({ ...validSessionBody, email: "icon-at-example.com" }));
    expect(error.issues).toEqual([{ path: "email", message: "must be a valid email" }]);
    expect(requests).toHaveLength(0);
  });

  it("refuses a body that is not an object", async () => {
    const { client, requests } = unitClient(() => balanceAnswer());
    const error = await refusal(client.account.getBalance(null as never));
    expect(error.issues).toEqual([{ path: "", message: "expected object, got null" }]);
    expect(requests).toHaveLength(0);
  });

  it("never quotes a secret input in its message", async () => {
    const { client } = unitClient(() => balanceAnswer());
    const error = await refusal(client.account.register({ ...validRegisterBody, session_token: 42 as unknown as string }));
    expect(error.issues).toEqual([{ path: "session_token", message: "expected string, got number" }]);
    expect(JSON.stringify(error)).not.toContain(validRegisterBody.authorisation_token);
  });

  it("refuses unknown per-call options and malformed ones", async () => {
    const { client, requests } = unitClient(() => balanceAnswer());
    expect((await refusal(client.account.getBalance({ mobile_number: "18680001234" }, { retries: 1 } as object))).issues[0]!.path).toBe("retries");
    expect((await refusal(client.account.getBalance({ mobile_number: "18680001234" }, { timeout: -5 }))).issues[0]!.path).toBe("timeout");
    expect((await refusal(client.account.getBalance({ mobile_number: "18680001234" }, { signal: "stop" as never }))).issues[0]!.path).toBe("signal");
    expect(requests).toHaveLength(0);
  });
});

describe("strings that would be mangled or crash on the way out", () => {
  /** Every string field of every operation, with a valid input to put it in (optional fields included). */
  const stringFields: [string, string, (client: PayWise, input: Record<string, unknown>) => Promise<unknown>, Record<string, unknown>][] = [];
  const operations: [string, (client: PayWise, input: Record<string, unknown>) => Promise<unknown>, Record<string, unknown>][] = [
    ["createSession", (client, input) => client.account.createSession(input as never), { ...validSessionBody, email: "icon.gilbert@example.com" }],
    ["getStatus", (client, input) => client.account.getStatus(input as never), { ...validStatusQuery, email: "icon.gilbert@example.com", sender_first_name: "Ann", sender_last_name: "Lee" }],
    ["register", (client, input) => client.account.register(input as never), { ...validRegisterBody, callback_url: "https://example.test/callback" }],
    ["getBalance", (client, input) => client.account.getBalance(input as never), { mobile_number: "18680001234" }],
  ];
  for (const [operation, call, input] of operations) for (const field of Object.keys(input)) stringFields.push([operation, field, call, input]);

  it.each(stringFields)("refuses a lone surrogate in %s's %s, naming the field, and sends nothing", async (_operation, field, call, input) => {
    for (const broken of ["Icon\uD800", "\uDC00Icon", "a\uDBFF"]) {
      const { client, requests } = unitClient(() => balanceAnswer());
      const error = await refusal(call(client, { ...input, [field]: broken }));
      expect(error.issues).toContainEqual({ path: field, message: expect.stringMatching(/unpaired surrogate/) });
      expect(requests).toHaveLength(0);
    }
  });

  it("accepts characters beyond the BMP written as surrogate pairs", async () => {
    const { client, requests } = unitClient(() => statusAnswer());
    await client.account.getStatus({ ...validStatusQuery, first_name: "Icon \u{1F600}" });
    expect(requests[0]!.url.searchParams.get("first_name")).toBe("Icon \u{1F600}");
  });

  it.each(stringFields)(`refuses %s's %s longer than the SDK's limit (${MAX_INPUT_STRING_LENGTH} characters) before any pattern check, and sends nothing`, async (_operation, field, call, input) => {
    const { client, requests } = unitClient(() => balanceAnswer());
    const error = await refusal(call(client, { ...input, [field]: "a".repeat(MAX_INPUT_STRING_LENGTH + 1) }));
    expect(error.issues).toEqual([{ path: field, message: `must be at most ${MAX_INPUT_STRING_LENGTH} characters (the SDK's limit for a field the contract gives no maximum)` }]);
    expect(requests).toHaveLength(0);
  });

  it("takes a string of exactly the limit to the contract's own checks", async () => {
    const { client } = unitClient(() => statusAnswer());
    const error = await refusal(client.account.getStatus({ ...validStatusQuery, first_name: "a".repeat(MAX_INPUT_STRING_LENGTH), mobile_number: "x" }));
    expect(error.issues.map((issue) => issue.path)).toEqual(["mobile_number"]);
  });

  it.each([
    ["getStatus", (client: PayWise, email: string) => client.account.getStatus({ ...validStatusQuery, email })],
    ["createSession", (client: PayWise, email: string) => client.account.createSession({ ...validSessionBody, email })],
  ] as const)("refuses a 6.7 M-character e-mail in %s as InvalidRequestError, sending nothing", async (_name, call) => {
    for (const email of [`${"a.".repeat(3_350_000)}a@example.com`, `a@${"a.".repeat(3_350_000)}com`, "a".repeat(6_700_000)]) {
      const { client, requests } = unitClient(() => statusAnswer());
      const error = await refusal(call(client, email));
      expect(error.issues).toEqual([{ path: "email", message: expect.stringContaining(String(MAX_INPUT_STRING_LENGTH)) }]);
      expect(requests).toHaveLength(0);
    }
  });

  it("uses the contract's maxLength where it gives one, before any other check of the field", async () => {
    const { client, requests } = unitClient(() => balanceAnswer());
    for (const length of [256, MAX_INPUT_STRING_LENGTH + 1, 100_000]) {
      const error = await refusal(client.account.getBalance({ mobile_number: "18680001234" }, { headers: { "User-Agent": "a".repeat(length) } }));
      expect(error.issues).toEqual([{ path: "User-Agent", message: "must be at most 255 characters" }]);
    }
    // Too long for its maxLength and not an IPv4 address either: the length alone is said.
    const ip = await refusal(client.account.getBalance({ mobile_number: "18680001234" }, { headers: { "PW-ip-address": "203.0.113.7".padEnd(17, "0") } }));
    expect(ip.issues).toEqual([{ path: "PW-ip-address", message: "must be at most 16 characters" }]);
    expect(requests).toHaveLength(0);
  });

  it("reports an over-long or broken field together with the other problems of the input", async () => {
    const { client, requests } = unitClient(() => statusAnswer());
    const error = await refusal(client.account.getStatus({ ...validStatusQuery, first_name: "\uD800", last_name: "", email: "x".repeat(MAX_INPUT_STRING_LENGTH + 1) }));
    expect(error.issues.map((issue) => issue.path)).toEqual(["first_name", "email", "last_name"]);
    expect(requests).toHaveLength(0);
  });
});
