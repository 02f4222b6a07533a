import { randomUUID } from "node:crypto";
import { JSON_MEDIA } from "../../scripts/lib/openapi.mjs";

/** Any 32 characters pass the contract's length check; a real key is never needed against the mock. */
export const TEST_SUBSCRIPTION_KEY = "0123456789abcdef0123456789abcdef";
/** From TEST-NET-3 (RFC 5737), which is reserved for documentation and never routes anywhere. */
export const TEST_IP_ADDRESS = "203.0.113.7";
export const TEST_ORIGIN_COUNTRY = "TT";
export const TEST_USER_AGENT = "paywise-sdk-contract-tests";

/** `YYYY-MM-DD HH:mm:ss` in UTC, the format of `PW-request-date`. */
export function formatRequestDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

export interface PwHeaderOptions {
  /** Adds `PW-request-id`, which only account_session declares. @default false */
  requestId?: boolean;
  /** The moment `PW-request-date` states. @default new Date() */
  now?: Date;
}

/** A full, valid set of PayWise request headers, as the SDK is meant to send them. */
export function pwHeaders(options: PwHeaderOptions = {}): Record<string, string> {
  const headers: Record<string, string> = {
    Accept: JSON_MEDIA,
    "PW-subscription-key": TEST_SUBSCRIPTION_KEY,
    "PW-origin-country": TEST_ORIGIN_COUNTRY,
    "PW-request-date": formatRequestDate(options.now ?? new Date()),
    "PW-ip-address": TEST_IP_ADDRESS,
    "User-Agent": TEST_USER_AGENT,
  };
  if (options.requestId) headers["PW-request-id"] = randomUUID();
  return headers;
}
