// The hooks option (issue 17): the caller's functions see each request, answer, retry and error
// through frozen views with secrets redacted and personal data masked, and nothing they do, throw
// or reject with changes a call's outcome or repeats a register.
import { describe, expect, it } from "vitest";
import { callHooks, type CallHooks, type ErrorEvent, type RequestEvent, type ResponseEvent, type RetryEvent } from "../src/observability";
import { UNIT_KEY, envelope, json, statusAnswer, unitClient, validRegisterBody, validStatusQuery } from "./helpers/fake-fetch";
import { successBody } from "./helpers/fixtures";
import { SENSITIVE_FIELDS } from "../generated/current";

function recorder() {
  const events: [string, unknown][] = [];
  const hooks = callHooks({
    onRequest: (event: RequestEvent) => void events.push(["request", event]),
    onResponse: (event: ResponseEvent) => void events.push(["response", event]),
    onRetry: (event: RetryEvent) => void events.push(["retry", event]),
    onError: (event: ErrorEvent) => void events.push(["error", event]),
  });
  return { hooks, events };
}

/**
 * A name as the error's message shows it: masked to its first letter, unless shorter than three
 * characters (a sample may be), which src/redact.ts leaves alone in free text as too likely to
 * match by chance.
 */
const maskedInText = (name: string) => (name.length >= 3 ? `${name[0]}***` : name);

const busy = () => json(envelope({ status: "error", code: 503, message: "busy" }), 503, { "retry-after": "0" });

describe("call events", () => {
  it("tell a retried call's story in order: request, response, retry, request, response", async () => {
    const { hooks, events } = recorder();
    const { client } = unitClient((_, index) => (index === 0 ? busy() : statusAnswer()), { hooks });
    await client.account.getStatus(validStatusQuery);
    expect(events.map(([name, event]) => [name, (event as { attempt: number }).attempt])).toEqual([
      ["request", 1],
      ["response", 1],
      ["retry", 1],
      ["request", 2],
      ["response", 2],
    ]);
    expect(events[2]![1]).toEqual({ operation: "account.getStatus", method: "GET", path: "/account/account", attempt: 1, reason: "status_503", delayMs: 0 });
    expect(events[4]![1]).toMatchObject({ status: 200, durationMs: expect.any(Number) });
  });

  it("show the request with the key redacted and personal data masked, in the URL and the input", async () => {
    const { hooks, events } = recorder();
    const { client } = unitClient(() => statusAnswer(), { hooks });
    await client.account.getStatus(validStatusQuery);
    const request = events[0]![1] as RequestEvent;
    const shown = JSON.stringify(request);
    expect(shown).not.toContain(UNIT_KEY);
    // Every value of a field the generated marks name (personal data, by the overlay or by its name).
    const personal = Object.entries(validStatusQuery).filter(([name]) => name in SENSITIVE_FIELDS).map(([, value]) => String(value));
    expect(personal.length).toBeGreaterThan(0);
    for (const value of personal) expect(shown).not.toContain(value);
    expect(request.headers["pw-subscription-key"]).toBe("[REDACTED]");
    const masked = { mobile_number: `******${validStatusQuery.mobile_number.slice(-4)}`, first_name: `${validStatusQuery.first_name[0]}***` };
    expect(request.url).toContain(`mobile_number=${masked.mobile_number}`);
    expect(request.input).toMatchObject(masked);
  });

  it("show the tokens of a register redacted, and its error with the request id and masked message", async () => {
    const { hooks, events } = recorder();
    const { client } = unitClient(
      () => json(envelope({ status: "error", code: 404, message: `No account for ${validRegisterBody.mobile_number} (${validRegisterBody.first_name})`, request_id: "62a88990-5a8a-4c89-8e16-d7a727d2ed0a" }), 404),
      { hooks },
    );
    await client.account.register(validRegisterBody).catch(() => undefined);
    const shown = JSON.stringify(events);
    for (const secret of [validRegisterBody.session_token, validRegisterBody.authorisation_token, UNIT_KEY]) expect(shown).not.toContain(secret);
    expect(events.at(-1)).toEqual([
      "error",
      {
        operation: "account.register",
        method: "POST",
        path: "/account/register_account",
        attempts: 1,
        error: { name: "NotFoundError", message: `No account for ******${validRegisterBody.mobile_number.slice(-4)} (${maskedInText(validRegisterBody.first_name)})`, status: 404, errorCode: undefined, requestId: "62a88990-5a8a-4c89-8e16-d7a727d2ed0a" },
      },
    ]);
  });

  it("report a refused input as an error with no attempt, and send nothing", async () => {
    const { hooks, events } = recorder();
    const { client, requests } = unitClient(() => statusAnswer(), { hooks });
    await client.account.getStatus({ ...validStatusQuery, mobile_number: 12 as unknown as string }).catch(() => undefined);
    expect(requests).toHaveLength(0);
    expect(events.map(([name, event]) => [name, (event as ErrorEvent).attempts, (event as ErrorEvent).error.name])).toEqual([["error", 0, "InvalidRequestError"]]);
  });

  it("are read-only: a hook cannot change what the next hook, the call or the caller sees", async () => {
    const seen: unknown[] = [];
    const { client, requests } = unitClient(() => statusAnswer(), {
      hooks: callHooks({
        onRequest(event) {
          (event.headers as Record<string, string>)["pw-subscription-key"] = "tampered";
        },
        onResponse(event) {
          seen.push(Object.isFrozen(event), Object.isFrozen(event.headers));
        },
      }),
    });
    await expect(client.account.getStatus(validStatusQuery)).resolves.toMatchObject({ account_status: "available" });
    expect(requests[0]!.headers.get("pw-subscription-key")).toBe(UNIT_KEY);
    expect(seen).toEqual([true, true]);
  });

  it.each([
    ["throws", () => {
      throw new Error("hook failed");
    }],
    ["rejects", () => Promise.reject(new Error("hook failed"))],
  ])("never change a register's outcome when every hook %s, and never send it twice", async (_, failing) => {
    const hooks = callHooks({ onRequest: failing, onResponse: failing, onRetry: failing, onError: failing } as unknown as CallHooks);
    const { client, requests } = unitClient((request) => json(successBody(request.url.toString())), { hooks });
    await expect(client.account.register(validRegisterBody)).resolves.toHaveProperty("challengeId");
    expect(requests).toHaveLength(1);
    const failed = unitClient(() => json(envelope({ status: "error", code: 404, message: "No account" }), 404), { hooks });
    await expect(failed.client.account.register(validRegisterBody)).rejects.toMatchObject({ name: "NotFoundError" });
    expect(failed.requests).toHaveLength(1);
  });

  it("are checked when made: an unknown hook or one that is not a function is refused", () => {
    expect(() => callHooks({ onReqest: () => {} } as unknown as CallHooks)).toThrow("callHooks(hooks): onReqest is not a hook; they are onRequest, onResponse, onRetry, onError");
    expect(() => callHooks({ onError: "log" } as unknown as CallHooks)).toThrow("callHooks(hooks): onError must be a function");
  });

  it("must be made by callHooks: a plain object of hooks is refused by the client, naming what to use", () => {
    expect(() => unitClient(() => statusAnswer(), { hooks: { onError: () => {} } as never })).toThrow("hooks: must be made by callHooks() from @paywise/sdk/observability");
  });
});
