// Runs one operation from its generated descriptor (generated/<spec>/operations.ts): checks the
// call's options and input, builds the PayWise headers, sends through openapi-fetch with the
// retrying transport beneath it, and turns the answer into the payload or a typed error.
import createClient from "openapi-fetch";
import type * as z from "zod/mini";
import { CONTRACT_VERSION, type paths } from "../generated/current";
import { APIPromise, type WithResponse } from "./api-promise";
import { isEnvelope, isErrorEnvelope, splitEnvelope, type Envelope } from "./envelope";
import { APIConnectionError, InvalidRequestError, InvalidResponseError, PayWiseError, makeAPIError, type APIError } from "./errors";
import { assertHeaderSafe, currentRequestDate, mergeHeaders } from "./headers";
import { createLevelledLogger, type CallLogger, type ClientLogger } from "./logger";
import { checkHeaders, checkMaxRetries, checkTimeout, OptionProblems, type ResolvedOptions } from "./options";
import { maskKnownPersonal, personalValuesIn, redact, redactHeaders, sanitizeCause, scrubber, scrubText, secretHeaderValues, secretValuesIn } from "./redact";
import type { RetryMode } from "./retry";
import { createTransport, TransportRequest, type Transport } from "./transport";
import type { CallObserver, Observer } from "./observer";
import { checkResponse, toValidationIssues, validateInput } from "./validation";

/** Options every operation takes as its last argument. */
export interface RequestOptions {
  /** Cancels the call, waits included; the call then rejects with APIUserAbortError. */
  signal?: AbortSignal;
  /** Time allowed for each attempt of this call, in milliseconds. @default the client's timeout */
  timeout?: number;
  /** Retries for this call, where retrying is safe. @default the client's maxRetries */
  maxRetries?: number;
  /** Extra headers for this call; they override the client's and the SDK's. @default {} */
  headers?: Record<string, string>;
}

/**
 * The headers the client fills on every call (a caller may still override them in `headers`).
 * Every other header parameter of an operation becomes a call option of that operation (its name
 * by scripts/lib/sdk-names.mjs: PW-request-id -> requestId). scripts/generate.mjs reads this line.
 */
export const SDK_FILLED_HEADERS = ["PW-subscription-key", "PW-origin-country", "PW-request-date", "PW-ip-address", "User-Agent", "Accept"] as const;
/** The query parameters the SDK fills: the contract version, and `diagnostics` from the client's option. */
export const SDK_FILLED_QUERY = ["version", "diagnostics"] as const;
/**
 * The options every call takes (RequestOptions). A header option may not take one of these names:
 * scripts/generate.mjs reads this line and fails generation on a clash.
 */
export const REQUEST_OPTION_NAMES = ["signal", "timeout", "maxRetries", "headers"] as const;
// The list is kept by hand for the generator to read; tsc fails on RequestOptionNamesMatch when it
// and RequestOptions fall out of step.
type AssertTrue<T extends true> = T;
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type RequestOptionNamesMatch = AssertTrue<SameKeys<(typeof REQUEST_OPTION_NAMES)[number], keyof RequestOptions>>;

/** A header parameter the client does not fill, taken as a call option. */
export interface HeaderOption {
  option: string;
  header: string;
  required: boolean;
  /**
   * A required header of format uuid identifies the call (PW-request-id): when the caller gives
   * none the SDK sends crypto.randomUUID(), the same on every attempt of the call.
   */
  uuidDefault: boolean;
}

/** What the SDK knows about an operation beyond its types; generated from the contract and the overlay. */
export interface OperationDescriptor {
  /** The public method name, for messages and logs. */
  name: string;
  /** The resource the method is on (`account` in `paywise.account.getStatus`), for span names. */
  resource: string;
  method: "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
  path: string;
  retryMode: RetryMode;
  /** Where the caller's input goes: the JSON body, or the query (next to what the SDK fills). */
  inputIn: "body" | "query";
  inputSchema: z.ZodMiniType;
  /** The success answer's schema. */
  responseSchema: z.ZodMiniType;
  /** The operation's header parameters, for checking header options and headers a caller overrides. */
  headerSchema: z.ZodMiniObject;
  headerOptions: readonly HeaderOption[];
}

/** The PayWise headers every operation sends, and any the operation adds. */
export type PayWiseHeaders = Record<(typeof SDK_FILLED_HEADERS)[number], string> & Record<string, string>;

type SendResult = { data?: unknown; error?: unknown; response: Response };
/** openapi-fetch's `request`, untyped: the descriptor, generated from the same contract, is the type check. */
type SendRequest = (method: string, path: string, init: Record<string, unknown>) => Promise<SendResult>;

/** One observer from the telemetry and hooks options, when both are given: each step goes to both. */
function bothObservers(first: Observer["observe"] | undefined, second: Observer["observe"] | undefined): Observer["observe"] | undefined {
  if (!first || !second) return first ?? second;
  return (call) => {
    const observers = [first(call), second(call)] as const;
    const both = {} as Record<keyof CallObserver, (...args: never[]) => void>;
    for (const step of ["attemptStart", "attemptEnd", "retry", "callEnd"] as const) {
      both[step] = (...args) => observers.forEach((observer) => (observer[step] as (...args: never[]) => void)(...args));
    }
    return both as unknown as CallObserver;
  };
}

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;
const utf8 = new TextDecoder();

export class Core {
  readonly #send: SendRequest;
  readonly #options: ResolvedOptions;
  readonly #logger: ClientLogger;

  /** Starts a call's observation (telemetry, the caller's hooks); undefined when neither is configured. */
  readonly #observe: Observer["observe"] | undefined;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.#logger = createLevelledLogger(options.logLevel, options.logger, options.logFieldsFirst);
    this.#observe = bothObservers(options.telemetry?.observe, options.hooks?.observe);
    // The transport is the only reader of the requests openapi-fetch builds, so they need not be
    // undici Requests (see TransportRequest).
    const api = createClient<paths>({ baseUrl: options.baseUrl, Request: TransportRequest as unknown as typeof Request });
    this.#send = api.request as unknown as SendRequest;
  }

  /** Runs an operation with the caller's input and call options. */
  run<Data>(operation: OperationDescriptor, input: unknown, options: RequestOptions | undefined): APIPromise<Data> {
    const observer = this.#observe?.({ operation, baseUrl: this.#options.baseUrl, input, secrets: secretValuesIn(input, [this.#options.subscriptionKey]) });
    return new APIPromise(this.#execute<Data>(operation, input, options ?? {}, observer));
  }

  async #execute<Data>(operation: OperationDescriptor, rawInput: unknown, options: RequestOptions, observer: CallObserver | undefined): Promise<WithResponse<Data>> {
    let transport: Transport | undefined;
    try {
      const settings = this.#options;
      const input = validateInput(operation.inputSchema, rawInput, `The input of ${operation.name} is invalid, so nothing was sent`);
      const header = this.#headers(operation, options);
      // The caller's own credentials (an Authorization or a PW-subscription-key in `headers`) are secrets too.
      const secrets = secretHeaderValues(header, secretValuesIn(input, [settings.subscriptionKey]));
      const logger = this.#logger.forCall({ operation: operation.name, method: operation.method.toUpperCase(), path: operation.path, sentRequestId: header["PW-request-id"], secrets });
      transport = createTransport({
        fetch: settings.fetch,
        retryMode: operation.retryMode,
        // #headers has checked the call's options.
        maxRetries: options.maxRetries ?? settings.maxRetries,
        timeout: options.timeout ?? settings.timeout,
        signal: options.signal,
        logger,
        secrets,
        observer,
      });
      if (logger.enabled("debug")) {
        logger.log("debug", `${operation.name} request`, { input: redact(input, secrets, true), headers: redactHeaders(new Headers(header), secrets, true) });
      }
      const sdkQuery = settings.diagnostics ? { version: CONTRACT_VERSION, diagnostics: true } : { version: CONTRACT_VERSION };
      const inBody = operation.inputIn === "body";
      let result: SendResult;
      try {
        // openapi-fetch hands the transport the TransportRequest it built (see the constructor).
        result = await this.#send(operation.method, operation.path, {
          params: { query: inBody ? sdkQuery : { ...(input as object), ...sdkQuery }, header },
          body: inBody ? input : undefined,
          parseAs: "stream",
          fetch: transport.fetch,
        });
      } catch (error) {
        throw this.#logged(logger, operation, input, error instanceof PayWiseError ? error : new APIConnectionError(undefined, { cause: sanitizeCause(error, secrets) }));
      }
      let outcome: WithResponse<Data>;
      try {
        outcome = this.#interpret<Data>(operation, result, transport.body, secrets, header["PW-request-id"]);
      } catch (error) {
        this.#answered(logger, operation, result.response, transport, (error as { requestId?: unknown }).requestId);
        throw this.#logged(logger, operation, input, error);
      }
      this.#answered(logger, operation, result.response, transport, outcome.meta.request_id);
      observer?.callEnd(transport.attempts, undefined, outcome);
      return outcome;
    } catch (error) {
      observer?.callEnd(transport?.attempts ?? 0, error);
      throw error;
    }
  }

  /** The final answer's line, written once the envelope's request id is known so that it carries it (issue 16). */
  #answered(logger: CallLogger, operation: OperationDescriptor, response: Response, transport: Transport, requestId: unknown): void {
    if (!logger.enabled("info")) return;
    if (typeof requestId === "string") logger.noteRequestId(requestId);
    const durationMs = Math.round(transport.lastAttemptMs);
    logger.log("info", `${operation.method.toUpperCase()} ${operation.path} answered ${response.status} in ${durationMs} ms`, { attempt: transport.attempts, status: response.status, durationMs });
  }

  #headers(operation: OperationDescriptor, options: RequestOptions): PayWiseHeaders {
    const subject = `The options of ${operation.name} (call options) are invalid, so nothing was sent`;
    if (options === null || typeof options !== "object") throw new InvalidRequestError(subject, [{ path: "", message: "must be an object" }]);
    const problems = new OptionProblems();
    const own = operation.headerOptions.map((option) => option.option);
    for (const name of Object.keys(options)) {
      if (!(REQUEST_OPTION_NAMES as readonly string[]).includes(name) && !own.includes(name)) {
        problems.add(name, `is not an option of this call; they are ${[...REQUEST_OPTION_NAMES, ...own].join(", ")}`);
      }
    }
    if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) problems.add("signal", "must be an AbortSignal");
    if (options.timeout !== undefined) checkTimeout(problems, "timeout", options.timeout);
    if (options.maxRetries !== undefined) checkMaxRetries(problems, "maxRetries", options.maxRetries);
    const callHeaders = options.headers === undefined ? undefined : checkHeaders(problems, "headers", options.headers);
    const ownHeaders = operation.headerOptions.length ? problems.collect(() => headerOptionValues(operation, options as Record<string, unknown>)) : undefined;
    problems.throwIfAny(subject);
    const settings = this.#options;
    const sdkHeaders: PayWiseHeaders = {
      "PW-subscription-key": settings.subscriptionKey,
      "PW-origin-country": settings.originCountry,
      "PW-request-date": currentRequestDate(),
      "PW-ip-address": settings.ipAddress,
      "User-Agent": settings.userAgent,
      Accept: "application/json",
      ...ownHeaders,
    };
    if (Object.keys(settings.headers).length === 0 && callHeaders === undefined) return sdkHeaders;
    // A caller's header may replace one of the SDK's; it must then still meet the contract.
    const merged = mergeHeaders(sdkHeaders, settings.headers, callHeaders) as PayWiseHeaders;
    for (const [name, value] of Object.entries(merged)) assertHeaderSafe(name, value);
    validateInput(operation.headerSchema, pickDeclared(operation.headerSchema, merged), `The headers of ${operation.name} are invalid, so nothing was sent`);
    return merged;
  }

  #interpret<Data>(operation: OperationDescriptor, result: SendResult, bytes: Uint8Array | null, secrets: readonly string[], sentRequestId: string | undefined): WithResponse<Data> {
    const { response } = result;
    // Everything the server sent is scrubbed before it goes into an error (issue 10).
    const scrub = scrubber(secrets);
    const echoedRequestId = response.headers.get("pw-request-id") ?? response.headers.get("x-request-id");
    const headerRequestId = echoedRequestId === null ? sentRequestId : scrub(echoedRequestId);
    if (!response.ok) throw this.#apiError(response, result.error, secrets, headerRequestId);

    // parseAs "stream" leaves a success's body to us: the transport has read it.
    const text = bytes ? utf8.decode(bytes) : "";
    const contentType = response.headers.get("content-type") ?? "";
    const context = { status: response.status, requestId: headerRequestId, operation: operation.name };
    if (text.trim() === "") throw new InvalidResponseError(`PayWise answered ${operation.name} with HTTP ${response.status} and an empty body.`, context);
    if (!JSON_CONTENT_TYPE.test(contentType)) {
      throw new InvalidResponseError(`PayWise answered ${operation.name} with content-type "${scrub(contentType) || "none"}", not JSON; something between you and PayWise may have answered instead.`, context);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new InvalidResponseError(`PayWise answered ${operation.name} with a body that is not valid JSON (truncated or corrupted).`, context);
    }
    if (!isEnvelope(body)) throw new InvalidResponseError(`PayWise answered ${operation.name} with JSON that is not a PayWise envelope.`, context);
    if (isErrorEnvelope(body)) throw this.#apiError(response, body, secrets, headerRequestId);
    checkResponse(operation.responseSchema, body, { ...context, requestId: typeof body.request_id === "string" ? scrub(body.request_id) : headerRequestId });
    const { data, meta } = splitEnvelope(body);
    return { data: data as Data, meta, response };
  }

  #apiError(response: Response, rawBody: unknown, secrets: readonly string[], headerRequestId: string | undefined): APIError {
    let body = rawBody;
    if (typeof body === "string" && JSON_CONTENT_TYPE.test(response.headers.get("content-type") ?? "")) {
      try {
        body = JSON.parse(body);
      } catch {
        // Kept as text: the status still says what happened.
      }
    }
    const envelope: (Envelope & Record<string, unknown>) | undefined = isEnvelope(body) ? body : undefined;
    // An answer may carry a token under its name and repeat it in its message.
    const scrub = scrubber(secretValuesIn(body, [...secrets]));
    const data = envelope?.data as Record<string, unknown> | undefined;
    const missing = envelope?.missing;
    return makeAPIError({
      status: response.status,
      classStatus: response.ok && envelope ? envelope.code : response.status,
      code: envelope?.code,
      message: scrub(envelope && typeof envelope.message === "string" ? envelope.message : describeForeignAnswer(response, body, secrets)),
      requestId: typeof envelope?.request_id === "string" ? scrub(envelope.request_id) : headerRequestId,
      errorCode: typeof data?.error_code === "string" ? scrub(data.error_code) : undefined,
      missing: Array.isArray(missing) && missing.every((item) => typeof item === "string") ? missing.map(scrub) : undefined,
      body: redact(body, secrets, false),
      headers: redactHeaders(response.headers, secrets, false),
    });
  }

  #logged(logger: CallLogger, operation: OperationDescriptor, input: unknown, error: unknown): unknown {
    if (error instanceof Error && logger.enabled("error")) {
      const { requestId } = error as { requestId?: unknown };
      if (typeof requestId === "string") logger.noteRequestId(requestId);
      // The message is already free of secrets; an answer may still repeat the caller's personal data.
      logger.log("error", `${operation.name} failed: ${error.name}: ${maskKnownPersonal(error.message, personalValuesIn(input))}`);
    }
    return error;
  }
}

/** The headers of an operation's header options, each checked by the header's own schema. */
function headerOptionValues(operation: OperationDescriptor, options: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  const problems = new OptionProblems();
  for (const { option, header, required, uuidDefault } of operation.headerOptions) {
    const value = options[option] ?? (uuidDefault ? crypto.randomUUID() : undefined);
    if (value === undefined) {
      if (required) problems.add(option, `is required: the ${header} header of ${operation.name}`);
      continue;
    }
    const schema = operation.headerSchema.shape[header] as z.ZodMiniType;
    const checked = schema.safeParse(value);
    if (typeof value !== "string" || !checked.success) {
      const issues = checked.success ? [] : toValidationIssues(checked.error.issues, value);
      const expected = uuidDefault ? "a UUID" : "a string the contract allows";
      problems.add(option, `must be ${expected} (the ${header} header)${issues.length ? `: ${issues.map((i) => i.message).join("; ")}` : ""}`);
      continue;
    }
    problems.collect(() => assertHeaderSafe(header, value));
    headers[header] = value;
  }
  problems.throwIfAny(`The options of ${operation.name} are invalid, so nothing was sent`);
  return headers;
}

/** The entries of `headers` that a header schema declares (extra headers are not its business). */
function pickDeclared(schema: z.ZodMiniType, headers: Record<string, string>): Record<string, string> {
  const declared = Object.keys((schema as { shape?: Record<string, unknown> }).shape ?? {});
  return Object.fromEntries(declared.filter((name) => name in headers).map((name) => [name, headers[name]!]));
}

/** Prism's problem types (RFC 9457 `type`); a mock answers with these when it cannot serve a request. */
const PRISM_PROBLEM_TYPE = /^https:\/\/stoplight\.io\/prism\/errors#/;
/** How much of a problem's title and detail a message quotes: enough to say what went wrong. */
const MAX_PROBLEM_TEXT = 300;

/** A server's free text fit for a message: one line, bounded, without known secrets. */
function quotable(text: string, secrets: readonly string[]): string {
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  return scrubText(line.length > MAX_PROBLEM_TEXT ? `${line.slice(0, MAX_PROBLEM_TEXT)}…` : line, secrets);
}

/** A message for an error answer that is not a PayWise envelope: the mock's problem, a redirect, or a proxy's or CDN's page. */
function describeForeignAnswer(response: Response, body: unknown, secrets: readonly string[]): string {
  const problem = body as { type?: unknown; title?: unknown; detail?: unknown } | null;
  if (/^application\/problem\+json\b/i.test(response.headers.get("content-type") ?? "") && typeof problem?.type === "string" && PRISM_PROBLEM_TYPE.test(problem.type) && typeof problem.title === "string") {
    // Asked for a status or example the contract does not document (Prefer: code=418), or given a request it cannot match.
    const detail = typeof problem.detail === "string" && problem.detail.trim() !== "" ? `: ${quotable(problem.detail, secrets)}` : "";
    return `The mock server could not answer (HTTP ${response.status}): ${quotable(problem.title, secrets)}${detail}`;
  }
  if (response.status >= 300 && response.status < 400) {
    return `PayWise answered HTTP ${response.status}, a redirect. The SDK does not follow redirects, so the subscription key never goes to another host: check baseUrl.`;
  }
  const type = response.headers.get("content-type")?.split(";")[0] || "no content type";
  return `HTTP ${response.status} ${response.statusText} with a body that is not a PayWise envelope (${type}): something between you and PayWise, such as a proxy or CDN, answered.`.replace("  ", " ");
}
