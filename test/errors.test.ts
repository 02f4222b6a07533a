import { describe, expect, it } from "vitest";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  PayWiseError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../src/index";
import { balanceAnswer, envelope, json, unitClient, validSessionBody, validStatusQuery } from "./helpers/fake-fetch";

const errorEnvelope = (code: number, fields: Record<string, unknown> = {}) => envelope({ status: "error", code, message: `failed with ${code}`, ...fields });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("the call succeeded");
    },
    (error: unknown) => error,
  );
}

describe("error classes", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [418, APIError],
  ])("maps HTTP %i to %s", async (status, ErrorClass) => {
    const { client } = unitClient(() => json(errorEnvelope(status), status), { maxRetries: 0 });
    const error = await failure(client.account.getBalance({ mobile_number: "18680001234" }));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(PayWiseError);
    expect((error as APIError).name).toBe(ErrorClass.name);
    expect((error as APIError).status).toBe(status);
    expect((error as APIError).code).toBe(status);
    expect((error as APIError).message).toBe(`failed with ${status}`);
  });

  it("carries the 409's error code, request id and the envelope's hint", async () => {
    const conflict = {
      status: "error",
      code: 409,
      message: "Multiple matches found. Please use the email key in the body.",
      request_id: "9d9078a9-fdf2-43cc-8e5a-f6264cd4a2fb",
      timestamp: "2026-03-01T18:42:12.215Z",
      data: { error_code: "AMBIGUOUS_MATCH", lookup_type: "MOBILE" },
    };
    const { client, requests } = unitClient(() => json(conflict, 409));
    const error = (await failure(client.account.createSession(validSessionBody))) as ConflictError;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      status: 409,
      code: 409,
      errorCode: "AMBIGUOUS_MATCH",
      requestId: "9d9078a9-fdf2-43cc-8e5a-f6264cd4a2fb",
      message: "Multiple matches found. Please use the email key in the body.",
      body: conflict,
    });
    expect(error.headers["content-type"]).toBe("application/json");
    expect(requests).toHaveLength(1);
  });

  it("carries the 400's list of missing parameters", async () => {
    const { client } = unitClient(() => json(errorEnvelope(400, { message: "Missing required query params", missing: ["institution_name", "first_name"] }), 400));
    const error = (await failure(client.account.getStatus(validStatusQuery))) as BadRequestError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.missing).toEqual(["institution_name", "first_name"]);
    expect(error.errorCode).toBeUndefined();
  });

  it("treats an error envelope under HTTP 200 as an error picked by the envelope's code", async () => {
    const { client } = unitClient(() => json(errorEnvelope(409, { data: { error_code: "AMBIGUOUS_MATCH", lookup_type: "MOBILE" } }), 200));
    const error = (await failure(client.account.createSession(validSessionBody))) as ConflictError;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.status).toBe(200);
    expect(error.code).toBe(409);
    expect(error.errorCode).toBe("AMBIGUOUS_MATCH");
  });

  it("treats status \"error\" with a 2xx code under HTTP 200 as a plain APIError", async () => {
    const { client } = unitClient(() => json(errorEnvelope(200), 200));
    const error = await failure(client.account.getBalance({ mobile_number: "18680001234" }));
    expect(error).toBeInstanceOf(APIError);
    expect(Object.getPrototypeOf(error)).toBe(APIError.prototype);
  });

  it("keeps the HTTP status's class when a non-2xx envelope claims success", async () => {
    const { client } = unitClient(() => json(envelope({ code: 200 }), 503), { maxRetries: 0 });
    const error = (await failure(client.account.getBalance({ mobile_number: "18680001234" }))) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(503);
    expect(error.code).toBe(200);
  });

  it("gives a CDN's HTML error page the class of its status, with the text as body", async () => {
    const page = "<html><body>Access denied</body></html>";
    const { client } = unitClient(() => new Response(page, { status: 403, statusText: "Forbidden", headers: { "content-type": "text/html", "cf-ray": "abc" } }));
    const error = (await failure(client.account.getBalance({ mobile_number: "18680001234" }))) as PermissionDeniedError;
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.body).toBe(page);
    expect(error.code).toBeUndefined();
    expect(error.message).toContain("not a PayWise envelope (text/html)");
    expect(error.headers["cf-ray"]).toBe("abc");
  });

  it("takes the request id from a response header when the body has none", async () => {
    const { client } = unitClient(() => new Response("bad gateway", { status: 404, headers: { "x-request-id": "edge-123" } }));
    const error = (await failure(client.account.getBalance({ mobile_number: "18680001234" }))) as NotFoundError;
    expect(error.requestId).toBe("edge-123");
  });

  it("falls back to the PW-request-id it sent on createSession", async () => {
    const { client, requests } = unitClient(() => new Response("", { status: 404 }));
    const error = (await failure(client.account.createSession(validSessionBody))) as NotFoundError;
    expect(error.requestId).toBe(requests[0]!.headers.get("PW-request-id"));
  });

  it("refuses to follow a redirect, so the key never reaches another host", async () => {
    const { client, requests } = unitClient(() => new Response(null, { status: 302, headers: { location: "https://elsewhere.test/" } }));
    const error = (await failure(client.account.getBalance({ mobile_number: "18680001234" }))) as APIError;
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(302);
    expect(error.message).toContain("does not follow redirects");
    expect(requests).toHaveLength(1);
  });
});

describe("answers that break the contract", () => {
  it.each([
    ["an empty body", () => new Response("", { status: 200, headers: { "content-type": "application/json" } }), "empty body"],
    ["truncated JSON", () => new Response('{"status":"success","code":2', { status: 200, headers: { "content-type": "application/json" } }), "not valid JSON"],
    ["an HTML page", () => new Response("<html></html>", { status: 200, headers: { "content-type": "text/html" } }), 'content-type "text/html"'],
    ["JSON that is not an envelope", () => json([1, 2, 3]), "not a PayWise envelope"],
  ])("turns %s into InvalidResponseError", async (_, answer, expected) => {
    const { client } = unitClient(answer);
    const error = await failure(client.account.getBalance({ mobile_number: "18680001234" }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).message).toContain(expected);
    expect((error as InvalidResponseError).status).toBe(200);
  });

  it("names each missing or mistyped field of a success body", async () => {
    const { client } = unitClient(() => json(envelope({ data: { mobile_number: "18680001234", balance: "12.50" } })));
    const error = (await failure(client.account.getBalance({ mobile_number: "18680001234" }))) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.issues).toEqual([
      { path: "data.balance", message: "expected number, got string" },
      { path: "data.currency", message: "is required (string)" },
    ]);
    expect(error.requestId).toBe("4ae4daab-7728-4132-a727-795a6eb19ef5");
  });

  it("lets unknown fields through", async () => {
    const { client } = unitClient(() => json(envelope({ account_status: "available", session_token: "T0K3N", added_later: { x: 1 } })));
    await expect(client.account.getStatus(validStatusQuery)).resolves.toEqual({ account_status: "available", session_token: "T0K3N", added_later: { x: 1 } });
  });

  it("passes an enum value the contract does not list through, as the open types promise (VERSIONING.md, Enums)", async () => {
    const { client } = unitClient(() => json(envelope({ account_status: "frozen", session_token: "T0K3N" })));
    await expect(client.account.getStatus(validStatusQuery)).resolves.toEqual({ account_status: "frozen", session_token: "T0K3N" });
  });

  it("refuses a non-string where the contract has an enum", async () => {
    const { client } = unitClient(() => json(envelope({ account_status: [[1]], session_token: "T0K3N" })));
    const error = (await failure(client.account.getStatus(validStatusQuery))) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.issues.map((issue) => issue.path)).toEqual(["account_status"]);
  });

  it("succeeds on a well-formed balance answer", async () => {
    const { client } = unitClient(() => balanceAnswer());
    await expect(client.account.getBalance({ mobile_number: "18680001234" })).resolves.toEqual({ mobile_number: "18680001234", balance: 12.5, currency: "TTD" });
  });
});
