// An injected fetch for unit tests: answers from a handler and records every request it was sent,
// so a test can assert what went out (or that nothing did) without a server.
import { JSON_MEDIA } from "../../scripts/lib/openapi.mjs";
import { PayWise, type ClientOptions } from "../../src/index";
import { inputs } from "./fixtures";

export const UNIT_KEY = "k3y0123456789abcdef0123456789abc";
export const UNIT_BASE_URL = "https://api.paywise.test";

export interface Recorded {
  url: URL;
  method: string;
  headers: Headers;
  body: string | undefined;
}

export type Handler = (request: Recorded, index: number) => Response | Promise<Response>;

export function fakeFetch(handler: Handler) {
  const requests: Recorded[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const recorded: Recorded = {
      url: new URL(request.url),
      method: request.method,
      headers: request.headers,
      body: request.body ? await request.text() : undefined,
    };
    requests.push(recorded);
    return handler(recorded, requests.length - 1);
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

/** A JSON answer, as PayWise sends them. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": JSON_MEDIA, ...headers } });
}

export function envelope(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    status: "success",
    code: 200,
    message: "OK",
    request_id: "4ae4daab-7728-4132-a727-795a6eb19ef5",
    timestamp: "2026-02-12T15:15:09.893Z",
    ...fields,
  };
}

/** A client over a fake fetch; tests pass only the options they are about. */
export function unitClient(handler: Handler, options: ClientOptions = {}) {
  const fake = fakeFetch(handler);
  const client = new PayWise({
    subscriptionKey: UNIT_KEY,
    originCountry: "TT",
    ipAddress: "203.0.113.7",
    baseUrl: UNIT_BASE_URL,
    fetch: fake.fetch,
    ...options,
  });
  return { client, requests: fake.requests };
}

// Valid inputs are the contract's documented ones (test/helpers/fixtures.ts), so a bump that
// changes what a field accepts moves them too.
const { email: _email, ...documentedStatusQuery } = inputs.getStatus;
export const validStatusQuery = documentedStatusQuery;
export const validSessionBody = inputs.createSession;
export const validRegisterBody = { ...inputs.register, session_token: "SESSION-TOKEN-123", authorisation_token: "AUTH-TOKEN-456" };

export const balanceAnswer = () => json(envelope({ data: { mobile_number: "18680001234", balance: 12.5, currency: "TTD" } }));
export const statusAnswer = () => json(envelope({ account_status: "available", session_token: "1YU9Z52HTV" }));
