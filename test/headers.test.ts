import { describe, expect, it } from "vitest";
import { InvalidRequestError, SDK_VERSION } from "../src/index";
import { currentRequestDate, defaultUserAgent, mergeHeaders } from "../src/headers";
import { balanceAnswer, json, envelope, statusAnswer, unitClient, UNIT_KEY, validSessionBody, validStatusQuery } from "./helpers/fake-fetch";
import { contractVersion } from "./helpers/spec";

const sessionAnswer = () =>
  json(
    envelope({
      data: {
        request_id: "9d9078a9-fdf2-43cc-8e5a-f6264cd4a2fb",
        version: "20241001",
        lookup: { type: "MOBILE", value_masked: "******2220" },
        account: { account_status: "available", account_number: "001234567890", account_type: "personal", display_name: "Icon Gilbert", country: "TT" },
        session: { session_token: "H6QJ4F5JY4", expires_at: "2026-03-01T18:57:11.913Z", ttl_seconds: 900, single_use: false },
      },
    }),
  );

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("currentRequestDate", () => {
  it("formats UTC as YYYY-MM-DD HH:mm:ss", () => {
    expect(currentRequestDate(new Date("2014-10-08T16:01:31.999Z"))).toBe("2014-10-08 16:01:31");
  });

  it("gives the moment it is asked for", () => {
    const before = currentRequestDate(new Date());
    const now = currentRequestDate();
    expect([before, currentRequestDate(new Date())]).toContain(now);
  });
});

describe("defaultUserAgent", () => {
  it("names the SDK, its version and the runtime within 255 characters", () => {
    const agent = defaultUserAgent();
    expect(agent).toContain(`paywise-sdk-typescript/${SDK_VERSION}`);
    expect(agent).toContain(`node/${process.versions.node}`);
    expect(agent.length).toBeLessThanOrEqual(255);
  });
});

describe("mergeHeaders", () => {
  it("lets later layers win whatever the case and keeps the first spelling", () => {
    expect(mergeHeaders({ "User-Agent": "sdk", A: "1" }, { "user-agent": "client" }, { "USER-AGENT": "call", b: "2" })).toEqual({
      "User-Agent": "call",
      A: "1",
      b: "2",
    });
  });
});

describe("request headers", () => {
  it("sends every PayWise header, Accept and the contract's version=", async () => {
    const { client, requests } = unitClient(() => balanceAnswer());
    const before = currentRequestDate();
    await client.account.getBalance({ mobile_number: "18680001234" });
    const [sent] = requests;
    expect(sent!.headers.get("PW-subscription-key")).toBe(UNIT_KEY);
    expect(sent!.headers.get("PW-origin-country")).toBe("TT");
    expect(sent!.headers.get("PW-ip-address")).toBe("203.0.113.7");
    expect(sent!.headers.get("PW-request-date")! >= before).toBe(true);
    expect(sent!.headers.get("PW-request-date")).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(sent!.headers.get("User-Agent")).toBe(defaultUserAgent());
    expect(sent!.headers.get("Accept")).toBe("application/json");
    expect(sent!.headers.get("Content-Type")).toBe("application/json");
    expect(sent!.headers.has("PW-request-id")).toBe(false);
    expect(sent!.url.searchParams.get("version")).toBe(contractVersion);
    expect(sent!.url.searchParams.has("diagnostics")).toBe(false);
    expect(JSON.parse(sent!.body!)).toEqual({ mobile_number: "18680001234" });
  });

  it("adds diagnostics=true when the option is on", async () => {
    const { client, requests } = unitClient(() => statusAnswer(), { diagnostics: true });
    await client.account.getStatus(validStatusQuery);
    expect(requests[0]!.url.searchParams.get("diagnostics")).toBe("true");
    expect(requests[0]!.method).toBe("GET");
    expect(requests[0]!.body).toBeUndefined();
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toEqual({ ...validStatusQuery, version: contractVersion, diagnostics: "true" });
  });

  it("encodes query values so they arrive exactly as given", async () => {
    const { client, requests } = unitClient(() => statusAnswer());
    const query = { ...validStatusQuery, first_name: "Zoë & Jo", email: "icon+tt@example.com", sender_last_name: "O'Neil=1" };
    await client.account.getStatus(query);
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toEqual({ ...query, version: contractVersion });
    expect(requests[0]!.url.search).toContain("email=icon%2Btt%40example.com");
  });

  it("sends a fresh UUID PW-request-id on each createSession call", async () => {
    const { client, requests } = unitClient(() => sessionAnswer());
    await client.account.createSession(validSessionBody);
    await client.account.createSession(validSessionBody);
    const [first, second] = requests.map((request) => request.headers.get("PW-request-id"));
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(first).not.toBe(second);
  });

  it("sends the caller's requestId as PW-request-id", async () => {
    const { client, requests } = unitClient(() => sessionAnswer());
    await client.account.createSession(validSessionBody, { requestId: "9d9078a9-fdf2-43cc-8e5a-f6264cd4a2fb" });
    expect(requests[0]!.headers.get("PW-request-id")).toBe("9d9078a9-fdf2-43cc-8e5a-f6264cd4a2fb");
  });

  it("refuses a requestId that is not a UUID and sends nothing", async () => {
    const { client, requests } = unitClient(() => sessionAnswer());
    const error = await client.account.createSession(validSessionBody, { requestId: "not-a-uuid" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).issues[0]!.path).toBe("requestId");
    expect(requests).toHaveLength(0);
  });

  it("refuses requestId on operations that do not take one", async () => {
    const { client, requests } = unitClient(() => balanceAnswer());
    const options = { requestId: "9d9078a9-fdf2-43cc-8e5a-f6264cd4a2fb" } as object;
    const error = await client.account.getBalance({ mobile_number: "18680001234" }, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).message).toContain("requestId: is not an option of this call");
    expect(requests).toHaveLength(0);
  });

  it("lays client headers over the SDK's and per-call headers over both", async () => {
    const { client, requests } = unitClient(() => balanceAnswer(), {
      userAgent: "institution-backend/1.0",
      headers: { "X-Trace": "client", "X-Client-Only": "yes" },
    });
    await client.account.getBalance({ mobile_number: "18680001234" }, { headers: { "x-trace": "call", "user-agent": "call-agent/2" } });
    const sent = requests[0]!.headers;
    expect(sent.get("X-Trace")).toBe("call");
    expect(sent.get("X-Client-Only")).toBe("yes");
    expect(sent.get("User-Agent")).toBe("call-agent/2");
  });

  it("checks an overridden PayWise header against the contract and sends nothing when it breaks it", async () => {
    const { client, requests } = unitClient(() => balanceAnswer());
    const error = await client.account.getBalance({ mobile_number: "18680001234" }, { headers: { "pw-origin-country": "tt" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual(["PW-origin-country"]);
    expect(requests).toHaveLength(0);
  });

  it.each([
    ["a character beyond Latin-1", { userAgent: "institution-bot ☕" }],
    ["a control character", { headers: { "X-Trace": "a\u0007b" } }],
    ["an invalid header name", { headers: { "X Trace": "1" } }],
  ])("refuses %s when the client is built", async (_, options) => {
    expect(() => unitClient(() => balanceAnswer(), options)).toThrow(InvalidRequestError);
  });

  it("refuses a per-call header value beyond Latin-1 and sends nothing", async () => {
    const { client, requests } = unitClient(() => balanceAnswer());
    const error = await client.account.getBalance({ mobile_number: "18680001234" }, { headers: { "X-Note": "€" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).issues[0]!.path).toBe("X-Note");
    expect(requests).toHaveLength(0);
  });
});
