import { describe, expect, it } from "vitest";
import { InvalidRequestError, type GetStatusParams } from "../src/index";
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
