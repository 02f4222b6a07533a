// Runs one operation from its generated descriptor (generated/<spec>/operations.ts): checks the
// call's options and input, builds the PayWise headers, sends through openapi-fetch's `request()`
// with the retrying transport as its `fetch`, and settles the success it returns (src/answer.ts)
// into what the call resolves with. Any other answer rejects from the transport with its typed error.
import createClient, { createQuerySerializer, type Client } from "openapi-fetch";
import type * as z from "zod/mini";
import { CONTRACT_VERSION } from "../generated/current";
import { APIPromise, type WithResponse } from "./api-promise";
import { REQUEST_OPTION_NAMES, type SDK_FILLED_HEADERS, type SdkFilledQuery } from "./call-parameters";
import { APIConnectionError, InvalidRequestError, PayWiseError, type ValidationIssue } from "./errors";
import { assertHeaderSafe, currentRequestDate, mergeHeaders } from "./headers";
import { createLevelledLogger, type CallLogger, type ClientLogger } from "./logger";
import { CALL_OPTIONS, checkHeaders, checkSubscriptionKeyCharacters, collectIssues, parseOption, unknownNames, type HeadersInput, type ResolvedOptions, type ResponseValidation } from "./options";
import { maskKnownPersonal, personalValuesIn, redact, redactHeaders, sanitizeCause, scrubText, secretHeaderValues, secretValuesIn } from "./redact";
import type { RetryMode } from "./retry";
import { splitPathInput } from "./path-params";
import { settleAnswer, type Outcome } from "./answer";
import type { PayloadIn } from "./envelope";
import { LIGHT_REQUEST, readAnswerOf, transportFetch, type CallContext } from "./transport";
import type { CallObserver, Observer } from "./observer";
import { toValidationIssues, validateInput } from "./validation";
import { JSON_MEDIA, type HttpMethod } from "./constants";

/** Options every operation takes as its last argument. */
export interface RequestOptions {
  /** Cancels the call, waits included; the call then rejects with APIUserAbortError. */
  signal?: AbortSignal;
  /** Time allowed for each attempt of this call, in milliseconds. @default the client's timeout */
  timeout?: number;
  /** Retries for this call, where retrying is safe. @default the client's maxRetries */
  maxRetries?: number;
  /** Time allowed for this whole call, attempts and waits together, in milliseconds. @default the client's totalTimeout */
  totalTimeout?: number;
  /** Extra headers for this call (a Headers, [name, value] pairs or an object); they override the client's and the SDK's. @default {} */
  headers?: HeadersInput;
  /** What a success answer that does not match the contract does (see the client option). @default the client's responseValidation */
  responseValidation?: ResponseValidation;
}

// REQUEST_OPTION_NAMES is what the generator reads; tsc fails on RequestOptionNamesMatch when it
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
  method: HttpMethod;
  path: string;
  retryMode: RetryMode;
  /** Where the caller's input goes: the JSON body, or the query (next to what the SDK fills). */
  inputIn: "body" | "query";
  /** Where what the call resolves with is in a success answer (src/envelope.ts). */
  payloadIn: PayloadIn;
  /** The input fields that go into the path instead (`{statement_id}`), percent-encoded; none when absent. */
  pathParams?: readonly string[];
  inputSchema: z.ZodMiniType;
  /** The success answer's schema. */
  responseSchema: z.ZodMiniType;
  /** The operation's header parameters, for checking header options and headers a caller overrides. */
  headerSchema: z.ZodMiniObject;
  headerOptions: readonly HeaderOption[];
}

/** The PayWise headers every operation sends, and any the operation adds. */
export type PayWiseHeaders = Record<(typeof SDK_FILLED_HEADERS)[number], string> & Record<string, string>;

/**
 * The paths as openapi-fetch sees them: any path, any method. Calls are made from descriptors, which
 * the generator checked against the contract; the public methods carry the contract's types.
 */
type AnyPaths = Record<string, Record<HttpMethod, AnyOperation>>;
type AnyOperation = {
  parameters: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  requestBody?: { content: { [JSON_MEDIA]: unknown } };
  responses: Record<number, { content: { [JSON_MEDIA]: unknown } }>;
};

/** How many distinct notes of the response check a client logs (each once), so a stream of new values cannot grow memory. */
const MAX_NOTES_LOGGED = 256;

export class Core {
  readonly #client: Client<AnyPaths>;
  readonly #options: ResolvedOptions;
  readonly #logger: ClientLogger;
  readonly #notesLogged = new Set<string>();
  /** Starts a call's observation (telemetry, the caller's hooks); undefined when neither is configured. */
  readonly #observe: Observer["observe"] | undefined;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.#logger = createLevelledLogger(options.logLevel, options.logger, options.logFieldsFirst);
    this.#observe = bothObservers(options.telemetry?.observe, options.hooks?.observe);
    // One openapi-fetch client; each call gives it the transport as its `fetch` (see #execute).
    this.#client = createClient<AnyPaths>({
      baseUrl: options.baseUrl,
      // A serializer made once: given options instead, openapi-fetch makes one on every call.
      querySerializer: createQuerySerializer(),
      Request: LIGHT_REQUEST,
    });
  }

  /** Runs an operation with the caller's input and call options. */
  run<Data>(operation: OperationDescriptor, input: unknown, options: RequestOptions | undefined): APIPromise<Data> {
    if (!this.#observe) return new APIPromise(this.#execute<Data>(operation, input, options ?? {}, undefined));
    const observer = this.#observe({ operation, baseUrl: this.#options.baseUrl, input, secrets: secretValuesIn(input, [this.#options.subscriptionKey]) });
    // callEnd is chained inside runCall too, so the caller's onError hook runs in the call's context.
    return new APIPromise(
      observer.runCall(() =>
        this.#execute<Data>(operation, input, options ?? {}, observer).then(
          (result) => (observer.callEnd(undefined, result), result),
          (error: unknown) => {
            observer.callEnd(error);
            throw error;
          },
        ),
      ),
    );
  }

  async #execute<Data>(operation: OperationDescriptor, rawInput: unknown, options: RequestOptions, observer: CallObserver | undefined): Promise<WithResponse<Data>> {
    const settings = this.#options;
    const input = validateInput(operation.inputSchema, rawInput, `The input of ${operation.name} is invalid, so nothing was sent`);
    const { path, rest } = splitPathInput(operation.pathParams, input as Record<string, unknown>, operation.name);
    const headers = this.#headers(operation, options);
    // The caller's own credentials (an Authorization or a PW-subscription-key in `headers`) are
    // secrets too. Only an error, a retry or a log line needs them, so a success never collects them.
    let known: readonly string[] | undefined;
    let personalKnown: [string, string][] | undefined;
    const secrets = () => (known ??= secretHeaderValues(headers, secretValuesIn(input, [settings.subscriptionKey])));
    const personal = () => (personalKnown ??= personalValuesIn(input));
    const sentRequestId = headers["PW-request-id"];
    const logger = this.#logger.forCall({ operation: operation.name, method: operation.method.toUpperCase(), path: operation.path, sentRequestId, secrets, personal, fields: observer?.logFields });
    const call: CallContext = {
      operation,
      fetch: settings.fetch,
      headers,
      // #headers has checked the call's options.
      timeout: options.timeout ?? settings.timeout,
      maxRetries: options.maxRetries ?? settings.maxRetries,
      totalTimeout: options.totalTimeout ?? settings.totalTimeout,
      signal: options.signal,
      responseValidation: options.responseValidation ?? settings.responseValidation,
      logger,
      sentRequestId,
      secrets,
      observer,
      noteOnce: (note) => this.#noteOnce(logger, note, secrets),
    };
    if (logger.enabled("debug")) {
      logger.log("debug", `${operation.name} request`, { input: redact(input, secrets(), true), headers: redactHeaders(new Headers(headers), secrets(), true) });
    }
    const sdkQuery: SdkFilledQuery = settings.diagnostics ? { version: CONTRACT_VERSION, diagnostics: true } : { version: CONTRACT_VERSION };
    const inBody = operation.inputIn === "body";
    try {
      // The transport resolves only with a success; any other answer rejects with its typed error.
      const { data, response } = await this.#client.request(operation.method, operation.path, {
        params: { path, query: inBody ? sdkQuery : { ...rest, ...sdkQuery } },
        body: inBody ? input : undefined,
        parseAs: "arrayBuffer",
        fetch: transportFetch(call),
      });
      // The Response as fetch gave it, under the ReadAnswer the transport resolved with.
      const { response: answered } = readAnswerOf(response);
      let outcome: Outcome;
      try {
        outcome = settleAnswer(answered, data ? new Uint8Array(data) : null, call);
      } catch (error) {
        logger.answered((error as { requestId?: unknown }).requestId);
        throw error;
      }
      logger.answered(outcome.meta.request_id);
      return { data: outcome.data as Data, meta: outcome.meta, issues: outcome.issues, response: answered };
    } catch (error) {
      throw this.#logged(logger, operation, input, error instanceof PayWiseError ? error : new APIConnectionError(undefined, { cause: sanitizeCause(error, secrets()) }));
    }
  }

  #noteOnce(logger: CallLogger, note: string, secrets: () => readonly string[]): void {
    if (!logger.enabled("debug") || this.#notesLogged.has(note) || this.#notesLogged.size >= MAX_NOTES_LOGGED) return;
    this.#notesLogged.add(note);
    logger.log("debug", scrubText(note, secrets()));
  }

  #headers(operation: OperationDescriptor, options: RequestOptions): PayWiseHeaders {
    const subject = () => `The options of ${operation.name} (call options) are invalid, so nothing was sent`;
    if (options === null || typeof options !== "object") throw new InvalidRequestError(subject(), [{ path: "", message: "must be an object" }]);
    let callHeaders: Record<string, string> | undefined;
    let ownHeaders: Record<string, string> | undefined;
    // Most calls pass no options, and most operations have no header option: nothing to check then.
    const names = Object.keys(options);
    if (names.length > 0 || operation.headerOptions.length > 0) {
      const problems: ValidationIssue[] = [];
      unknownNames(problems, options, [...REQUEST_OPTION_NAMES, ...operation.headerOptions.map((own) => own.option)], "is not an option of this call; they are");
      if (names.length > 0) parseOption(problems, CALL_OPTIONS, options);
      if (options.headers !== undefined) callHeaders = checkHeaders(problems, "headers", options.headers);
      if (operation.headerOptions.length) ownHeaders = collectIssues(problems, () => headerOptionValues(operation, options as Record<string, unknown>));
      if (problems.length) throw new InvalidRequestError(subject(), problems);
    }
    const settings = this.#options;
    const sdkHeaders: PayWiseHeaders = {
      "PW-subscription-key": settings.subscriptionKey,
      "PW-origin-country": settings.originCountry,
      "PW-request-date": currentRequestDate(),
      "PW-ip-address": settings.ipAddress,
      "User-Agent": settings.userAgent,
      Accept: JSON_MEDIA,
      ...ownHeaders,
    };
    if (Object.keys(settings.headers).length === 0 && callHeaders === undefined) return sdkHeaders;
    // A caller's header may replace one of the SDK's; it must then still meet the contract.
    const merged = mergeHeaders(sdkHeaders, settings.headers, callHeaders) as PayWiseHeaders;
    for (const [name, value] of Object.entries(merged)) assertHeaderSafe(name, value);
    // A key given in `headers` is held to what the option is (issue 15).
    const keyProblems: ValidationIssue[] = [];
    checkSubscriptionKeyCharacters(keyProblems, "PW-subscription-key", merged["PW-subscription-key"]);
    if (keyProblems.length) throw new InvalidRequestError(`The headers of ${operation.name} are invalid, so nothing was sent`, keyProblems);
    validateInput(operation.headerSchema, pickDeclared(operation.headerSchema, merged), `The headers of ${operation.name} are invalid, so nothing was sent`);
    return merged;
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

/** One observer from the telemetry and hooks options, when both are given: each step goes to both. */
function bothObservers(first: Observer["observe"] | undefined, second: Observer["observe"] | undefined): Observer["observe"] | undefined {
  if (!first || !second) return first ?? second;
  return (call) => {
    const [a, b] = [first(call), second(call)];
    return {
      // The contexts nest: the telemetry's (first) holds the hooks' (second).
      runCall: (run) => a.runCall(() => b.runCall(run)),
      runAttempt: (send) => a.runAttempt(() => b.runAttempt(send)),
      attemptStart: (...args) => (a.attemptStart(...args), b.attemptStart(...args)),
      attemptEnd: (...args) => (a.attemptEnd(...args), b.attemptEnd(...args)),
      retry: (...args) => (a.retry(...args), b.retry(...args)),
      // The hooks first: the call's span is still open while onError runs.
      callEnd: (...args) => (b.callEnd(...args), a.callEnd(...args)),
      logFields: a.logFields ?? b.logFields,
    };
  };
}

/** The headers of an operation's header options, each checked by the header's own schema. */
function headerOptionValues(operation: OperationDescriptor, options: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  const problems: ValidationIssue[] = [];
  for (const { option, header, required, uuidDefault } of operation.headerOptions) {
    const value = options[option];
    if (value === undefined) {
      // The SDK's own UUID needs no check.
      if (uuidDefault) headers[header] = crypto.randomUUID();
      else if (required) problems.push({ path: option, message: `is required: the ${header} header of ${operation.name}` });
      continue;
    }
    const schema = operation.headerSchema.shape[header] as z.ZodMiniType;
    const checked = schema.safeParse(value);
    if (typeof value !== "string" || !checked.success) {
      const issues = checked.success ? [] : toValidationIssues(checked.error.issues, value);
      const expected = uuidDefault ? "a UUID" : "a string the contract allows";
      problems.push({ path: option, message: `must be ${expected} (the ${header} header)${issues.length ? `: ${issues.map((i) => i.message).join("; ")}` : ""}` });
      continue;
    }
    collectIssues(problems, () => assertHeaderSafe(header, value));
    headers[header] = value;
  }
  if (problems.length) throw new InvalidRequestError(`The options of ${operation.name} are invalid, so nothing was sent`, problems);
  return headers;
}

/** The entries of `headers` that a header schema declares (extra headers are not its business). */
function pickDeclared(schema: z.ZodMiniType, headers: Record<string, string>): Record<string, string> {
  const declared = Object.keys((schema as { shape?: Record<string, unknown> }).shape ?? {});
  return Object.fromEntries(declared.filter((name) => name in headers).map((name) => [name, headers[name]!]));
}
