// The one place an answer becomes a call's result or its typed error (issue 14). Whatever its
// status, the body the transport read (once, size-capped) is decoded and parsed here, once; the
// answer is classified by its status code alone (2xx a success, any other final status an error),
// and a success is checked against the contract. The reason phrase is never read but as text to
// scrub into a message: it is the server's free text, in any encoding.
import type * as z from "zod/mini";
import { isEnvelope, isErrorEnvelope, splitEnvelope, type Envelope, type PayloadIn, type ResponseMeta } from "./envelope";
import { InvalidResponseError, makeAPIError, type APIError, type ValidationIssue } from "./errors";
import type { CallLogger } from "./logger";
import type { ResponseValidation } from "./options";
import { MAX_JSON_DEPTH, redact, scrubText, secretValuesIn } from "./redact";
import type { RetryMode } from "./retry";
import { checkResponse } from "./validation";
import { CONTRACT_VERSION } from "../generated/current";
import { isObject } from "./constants";

/** What the answer path needs to know about the call an answer belongs to. */
export interface AnswerContext {
  readonly operation: { readonly name: string; readonly retryMode: RetryMode; readonly responseSchema: z.ZodMiniType; readonly payloadIn: PayloadIn };
  /** The PW-request-id the call sent, if any: the request id of an answer that echoes none. */
  readonly sentRequestId: string | undefined;
  readonly logger: CallLogger;
  /** What a success that does not match the contract does: reject the call, or resolve with a warning. */
  readonly responseValidation: ResponseValidation;
  /** The call's known secret values. Worked out on first use: only errors and log lines need them. */
  secrets(): readonly string[];
  /** Logs a note of the response check at debug, once per client for each distinct note. */
  noteOnce(note: string): void;
}

/** A success, as the call resolves with it. */
export interface Outcome {
  data: unknown;
  meta: ResponseMeta;
  /** Where the answer breaks the contract, when responseValidation "warn" let it through; else empty. */
  issues: readonly ValidationIssue[];
}

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;
const utf8 = new TextDecoder();

/**
 * The largest error body parsed (issue 15). Every documented PayWise error body is under 2 KB; a
 * body's parsed form can take fifty times its bytes (a 762 KiB body of `{}` kept 39 MiB in
 * error.body), and an error may be held by the caller, so a larger error body is not parsed, nor
 * kept: error.body says so instead. Not even its first bytes are kept as text: unparsed, the
 * tokens in it could not be found by name to be redacted (docs/RELIABILITY.md).
 */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** What error.body says of a body too large to keep. */
function notKept(size: number): string {
  return `[NOT KEPT: an error body of ${size} bytes, more than ${MAX_ERROR_BODY_BYTES}]`;
}

/** The size of an error body too large to parse, or undefined. */
function oversized(bytes: Uint8Array | null): number | undefined {
  return bytes && bytes.byteLength > MAX_ERROR_BODY_BYTES ? bytes.byteLength : undefined;
}

/**
 * How many values of an oversized error envelope under HTTP 2xx (parsed, to tell it is one) are
 * searched for the tokens its message may repeat. A PayWise envelope has a few dozen; past this
 * the search would cost as much as parsing the body the limit above exists to avoid (977 KiB of
 * numbers took 1.1 s of CPU, issue 21), so the envelope's message and lists are not used either.
 */
const MAX_VALUES_SEARCHED = 4096;

/** Whether a parsed body holds at most `limit` values in all; counting stops once past it. */
function hasAtMostValues(value: unknown, limit: number): boolean {
  let left = limit;
  const within = (item: unknown, depth: number): boolean => {
    if (item === null || typeof item !== "object" || depth >= MAX_JSON_DEPTH) return true;
    const children: unknown[] = Array.isArray(item) ? item : Object.values(item);
    left -= children.length;
    return left >= 0 && children.every((child) => within(child, depth + 1));
  };
  return within(value, 0);
}

/** A body's `request_id` when it is a string, even if the rest is no valid envelope (a 400 whose `code` is null). */
function bodyRequestId(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const id = body.request_id;
  return typeof id === "string" ? id : undefined;
}

/** A final status. A broken server or an injected fetch can give 0, 101, 600 or 999. */
export function isFinalStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 200 && status <= 599;
}

/** The request id an answer names in its headers (scrubbed), else the one the call sent. */
function headerRequestId(response: Response, call: AnswerContext): string | undefined {
  const echoed = response.headers.get("pw-request-id") ?? response.headers.get("x-request-id");
  return echoed === null ? call.sentRequestId : scrubText(echoed, call.secrets());
}

/** A success status: the answer is settled by settleAnswer, every other by answerError. */
export function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299;
}

/**
 * The typed error a final answer that is not a success amounts to, its body read in full (`bytes`,
 * null when it had none): an APIError of its status, or an InvalidResponseError for a status that
 * is no final HTTP status.
 */
export function answerError(response: Response, bytes: Uint8Array | null, call: AnswerContext): InvalidResponseError | APIError {
  const { status } = response;
  if (!isFinalStatus(status)) {
    return new InvalidResponseError(
      `PayWise's answer had HTTP status ${status}, which is not a final HTTP status (200 to 599); something between you and PayWise answered wrongly. Not retried.`,
      { status },
    );
  }
  const tooLarge = oversized(bytes);
  if (tooLarge !== undefined) return apiError(response, undefined, call, tooLarge);
  const text = bytes ? utf8.decode(bytes) : "";
  return apiError(response, text.trim() === "" ? undefined : parsedOrText(text), call);
}

/**
 * Settles a success (2xx) answer, read in full (`bytes`, null when it had none): returns what the
 * call resolves with, or throws the typed error the answer amounts to (an error envelope under a
 * 2xx, or an answer that breaks the contract). Never retried: a 2xx was accepted.
 */
export function settleAnswer(response: Response, bytes: Uint8Array | null, call: AnswerContext): Outcome {
  const { status } = response;
  const operation = call.operation.name;
  const text = bytes ? utf8.decode(bytes) : "";

  // A 2xx says the request was accepted: an answer that cannot be read says so, and, for an
  // operation that is not safe to repeat, not to repeat it blindly (issue 14).
  const caution =
    call.operation.retryMode === "idempotent" ? "" : ` Do not call ${operation} again before checking whether it took effect: repeating it could act twice.`;
  const accepted = (what: string, details: { requestId?: string; issues?: readonly ValidationIssue[]; body?: unknown } = {}) =>
    new InvalidResponseError(`${what}${caution}`, { status, accepted: true, requestId: headerRequestId(response, call), ...details });
  const contentType = response.headers.get("content-type") ?? "";
  if (text.trim() === "") throw accepted(`The ${operation} request was accepted (HTTP ${status}), but the answer had an empty body.`);
  if (!JSON_CONTENT_TYPE.test(contentType)) {
    const type = scrubText(contentType, call.secrets()) || "none";
    throw accepted(`The ${operation} request was accepted (HTTP ${status}), but the answer had content-type "${type}", not JSON; something between you and PayWise may have answered instead.`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw accepted(`The ${operation} request was accepted (HTTP ${status}), but the answer is not valid JSON (truncated or corrupted).`);
  }
  if (!isEnvelope(body)) throw accepted(`The ${operation} request was accepted (HTTP ${status}), but the answer is JSON that is not a PayWise envelope.`, { body: redactAnswer(body, call, bytes) });
  if (isErrorEnvelope(body)) throw apiError(response, body, call, oversized(bytes));
  // From here on the call's log lines carry the envelope's request id (issue 16).
  if (typeof body.request_id === "string") call.logger.noteRequestId(body.request_id);
  const check = checkResponse(call.operation.responseSchema, body);
  for (const note of check.notes) call.noteOnce(note);
  const { issues } = check;
  if (issues.length && call.responseValidation === "strict") {
    const requestId = typeof body.request_id === "string" ? scrubText(body.request_id, call.secrets()) : headerRequestId(response, call);
    throw accepted(`PayWise accepted the ${operation} request (HTTP ${status}), but its answer does not match the ${CONTRACT_VERSION} contract.`, { requestId, issues, body: redactAnswer(body, call, bytes) });
  }
  if (issues.length) {
    const listed = issues.map((issue) => `${issue.path || "(value)"}: ${issue.message}`).join("; ");
    call.logger.log("warn", `${operation}: the answer does not match the ${CONTRACT_VERSION} contract; taken as received (responseValidation "warn"): ${scrubText(listed, call.secrets())}`);
  }
  const { data, meta } = splitEnvelope(body, call.operation.payloadIn);
  return { data, meta, issues };
}

/**
 * An answer's body fit for an error: the call's secrets and the tokens it carries redacted; not
 * kept when larger than MAX_ERROR_BODY_BYTES, as for an error answer (issue 15).
 */
function redactAnswer(body: unknown, call: AnswerContext, bytes: Uint8Array | null): unknown {
  const tooLarge = oversized(bytes);
  if (tooLarge !== undefined) return notKept(tooLarge);
  return redact(body, secretValuesIn(body, [...call.secrets()]), false);
}

/** An error answer's body: its JSON when it parses (whatever its content type says), else its text. */
function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The APIError for an error answer (or a 2xx whose envelope reports an error), by its status.
 * makeAPIError redacts every field, by the call's secrets and those the answer carries itself.
 * An oversized body (`tooLarge`, its size) is not kept; under a 2xx, its envelope, parsed to find
 * it is one, still names the class.
 */
function apiError(response: Response, body: unknown, call: AnswerContext, tooLarge?: number): APIError {
  const envelope: (Envelope & Record<string, unknown>) | undefined = isEnvelope(body) ? body : undefined;
  const secrets = call.secrets();
  // What the envelope says beyond its class and request id is used only if its tokens can be found.
  const searchable = tooLarge === undefined || hasAtMostValues(body, MAX_VALUES_SEARCHED);
  const readable = searchable ? envelope : undefined;
  const data = readable?.data as Record<string, unknown> | undefined;
  const missing = readable?.missing;
  const success = response.status >= 200 && response.status <= 299;
  const message =
    readable && typeof readable.message === "string"
      ? readable.message
      : tooLarge !== undefined
        ? `HTTP ${response.status} with an error ${success && envelope ? `envelope (code ${envelope.code})` : "body"} of ${tooLarge} bytes, more than the ${MAX_ERROR_BODY_BYTES} the SDK parses (PayWise's are under 2 KB), so it was not kept.`
        : describeForeignAnswer(response, secrets);
  return makeAPIError(
    {
      status: response.status,
      classStatus: success && envelope ? envelope.code : response.status,
      code: envelope?.code,
      message,
      requestId: bodyRequestId(body) ?? headerRequestId(response, call),
      errorCode: typeof data?.error_code === "string" ? data.error_code : undefined,
      missing: Array.isArray(missing) && missing.every((item) => typeof item === "string") ? missing : undefined,
      body: tooLarge === undefined ? body : notKept(tooLarge),
      headers: response.headers,
    },
    // A body not kept still names the tokens its envelope's message may repeat, when few enough to search.
    tooLarge === undefined || !searchable ? secrets : secretValuesIn(body, [...secrets]),
  );
}

/** How much of a server's free text (a reason phrase) a message quotes. */
const MAX_QUOTED_TEXT = 300;

/** A server's free text fit for a message: one line, bounded, without known secrets. */
function quotable(text: string, secrets: readonly string[]): string {
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  return scrubText(line.length > MAX_QUOTED_TEXT ? `${line.slice(0, MAX_QUOTED_TEXT)}…` : line, secrets);
}

/**
 * A message for an error answer that is not a PayWise envelope: a redirect, or a proxy's or CDN's
 * page (a mock's own problem answer too: its title and detail stay in error.body).
 */
function describeForeignAnswer(response: Response, secrets: readonly string[]): string {
  if (response.status >= 300 && response.status < 400) {
    return `PayWise answered HTTP ${response.status}, a redirect. The SDK does not follow redirects, so the subscription key never goes to another host: check baseUrl.`;
  }
  const type = response.headers.get("content-type")?.split(";")[0] || "no content type";
  const reason = quotable(response.statusText ?? "", secrets);
  return `HTTP ${response.status}${reason ? ` ${reason}` : ""} with a body that is not a PayWise envelope (${type}): something between you and PayWise, such as a proxy or CDN, answered.`;
}
