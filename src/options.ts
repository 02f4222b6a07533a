// The client's options: their one type, and the one function that fills defaults from the
// environment and checks them against the contract's header constraints.
import * as z from "zod/mini";
import { zIpAddress, zOriginCountry, zSubscriptionKey, zUserAgent } from "../generated/current";
import { InvalidRequestError, type ValidationIssue } from "./errors";
import { lazySchema } from "./lazy-schema";
import { assertHeaderSafe, defaultUserAgent } from "./headers";
import { DEFAULT_TOTAL_TIMEOUT_MS, MAX_TIMEOUT_MS } from "./deadlines";
import { LOG_LEVELS, type Logger, type LogLevel } from "./logger";
import { DEFAULT_MAX_RETRIES, MAX_RETRIES_LIMIT } from "./retry";
import type { Observer } from "./observer";
import { withoutTrailingSlashes } from "./url-text";
import { toValidationIssues } from "./validation";
import { isObject } from "./constants";

/** @default 30 seconds: long enough for a slow upstream, short enough to fail a request that hangs. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Extra headers, in any of the forms fetch takes (its `HeadersInit`): a Headers, an array of
 * [name, value] pairs, or a plain object of names to strings.
 */
export type HeadersInput = Headers | readonly (readonly [string, string])[] | Record<string, string>;

export interface ClientOptions {
  /** Your PayWise subscription key (32 characters). @default env PAYWISE_SUBSCRIPTION_KEY */
  subscriptionKey?: string;
  /** ISO 3166-1 alpha-2 code of the country the transaction is created in, such as "TT". @default env PAYWISE_ORIGIN_COUNTRY */
  originCountry?: string;
  /** Your institution's fixed IPv4 address, as registered with PayWise. @default env PAYWISE_IP_ADDRESS */
  ipAddress?: string;
  /** The API's base URL. Must be https unless the host is loopback or allowInsecureHttp is set. @default env PAYWISE_BASE_URL */
  baseUrl?: string;
  /**
   * The whole User-Agent header, sent instead of the SDK's (1 to 255 characters, as the contract
   * allows); PayWise's edge turns away requests that look like bots, so name your software.
   * @default "paywise-sdk-typescript/<version> (<runtime>/<runtime version>; <platform> <arch>)", such as "paywise-sdk-typescript/0.1.0 (node/20.20.0; linux x64)"
   */
  userAgent?: string;
  /** Ask for diagnostic metadata (`observed_client_ip`); non-production environments only. @default false */
  diagnostics?: boolean;
  /** Time allowed for each attempt, in milliseconds, at most 2147483597 (what the timers can honour). @default 30000 */
  timeout?: number;
  /** Retries after the first attempt, where retrying is safe (see the README). @default 2 */
  maxRetries?: number;
  /**
   * Time allowed for a whole call, in milliseconds: its attempts and the waits between them. No
   * retry starts that would pass it, and an attempt is cut short at it; the error then says so.
   * At most 2147483597. @default 120000
   */
  totalTimeout?: number;
  /** The fetch implementation to use. @default the `globalThis.fetch` of the moment of each call, so an interceptor (MSW, nock) installed after the client is built still sees its requests */
  fetch?: typeof fetch;
  /**
   * Extra headers on every request (tracing and the like): a Headers, an array of [name, value]
   * pairs, or an object of names to strings. Per-call headers override them. @default {}
   */
  headers?: HeadersInput;
  /** How much to log. @default env PAYWISE_LOG, else "off" */
  logLevel?: LogLevel;
  /** Where log lines go; secrets are redacted and personal data masked before they get here. @default console */
  logger?: Logger;
  /** Allow an http: baseUrl on a host that is not loopback; the subscription key then travels in clear. @default false */
  allowInsecureHttp?: boolean;
  /** Pass each line's fields before its message, `logger.info(fields, message)`, as pino and bunyan expect. @default false (console, winston) */
  logFieldsFirst?: boolean;
  /** OpenTelemetry spans and metrics: `openTelemetry({ tracer, meter })` from `@paywise/sdk/observability` (docs/observability.md). @default off */
  telemetry?: Observer;
  /** Your functions on each request, response, retry and error: `callHooks({ onError, … })` from `@paywise/sdk/observability`. @default off */
  hooks?: Observer;
  /**
   * What a success answer that does not match the contract does: "strict" rejects the call with an
   * InvalidResponseError (`accepted: true`); "warn" resolves with the answer as received, its issues
   * on `.withResponse()` and in one warn log line. A call's own option overrides it. @default "strict"
   */
  responseValidation?: ResponseValidation;
}

/** What a success answer that does not match the contract does (the responseValidation option). */
export type ResponseValidation = "strict" | "warn";
const RESPONSE_VALIDATION_MODES: readonly ResponseValidation[] = ["strict", "warn"];

type Env = Readonly<Record<string, string | undefined>>;

function processEnv(): Env {
  return (globalThis as { process?: { env?: Env } }).process?.env ?? {};
}

/** One environment variable, or undefined where the runtime forbids reading it. */
function readEnv(env: Env, variable: string): string | undefined {
  try {
    return env[variable];
  } catch {
    // Deno without --allow-env throws on each read; options passed explicitly then suffice.
    return undefined;
  }
}

const CLIENT_SUMMARY = "The PayWise client options are invalid";

// The problems of a set of options are collected in an array of issues, so that one error reports
// all of them (as input validation does) rather than one per attempt to fix them.

/** Runs a check that throws InvalidRequestError (such as assertHeaderSafe) and keeps its issues in `problems`. */
export function collectIssues<T>(problems: ValidationIssue[], check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    problems.push(...error.issues);
    return undefined;
  }
}

/** Records each name of `options` that is not one of `names`, listing them after `message`. */
export function unknownNames(problems: ValidationIssue[], options: object, names: readonly string[], message: string): void {
  for (const name of Object.keys(options)) if (!names.includes(name)) problems.push({ path: name, message: `${message} ${names.join(", ")}` });
}

/** Checks `value` against an option schema; its output, or undefined when an issue was recorded. */
export function parseOption<T>(problems: ValidationIssue[], schema: z.ZodMiniType<T>, value: unknown): T | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  problems.push(...toValidationIssues(result.error.issues, value));
  return undefined;
}

function required(problems: ValidationIssue[], option: string, given: string | undefined, env: Env, variable: string): string | undefined {
  const value = given ?? readEnv(env, variable);
  if (value === undefined || value === "") {
    problems.push({ path: option, message: `is required: pass it, or set the environment variable ${variable}` });
    return undefined;
  }
  return value;
}

/**
 * What a subscription key may hold beyond what the contract says of it: visible ASCII. Latin-1 would
 * pass fetch, but a server echoing it back turns it into U+FFFD, and the scrubber, which looks for
 * the key as it was given, would then miss it (issue 15).
 */
const SUBSCRIPTION_KEY_CHARACTERS = /^[\x21-\x7e]*$/;

/** Checks a key's characters (the option, or a PW-subscription-key a caller puts in `headers`). */
export function checkSubscriptionKeyCharacters(problems: ValidationIssue[], path: string, value: string): void {
  if (!SUBSCRIPTION_KEY_CHARACTERS.test(value)) {
    problems.push({ path, message: "must hold only visible ASCII characters (no spaces, control characters or letters beyond ASCII), as a header carries them unchanged (the PW-subscription-key header)" });
  }
}

/** Checks the key against the contract's header schema, and against what a header can carry unchanged. */
function checkSubscriptionKey(problems: ValidationIssue[], value: string | undefined): void {
  if (value === undefined) return;
  checkAgainst(problems, "subscriptionKey", "PW-subscription-key", zSubscriptionKey, value);
  checkSubscriptionKeyCharacters(problems, "subscriptionKey", value);
}

/** Words for the string formats of the contract's header schemas; "must be a valid ipv4" reads like a stack trace. */
const FORMAT_WORDS: Readonly<Record<string, string>> = { ipv4: "an IPv4 address", ipv6: "an IPv6 address", uuid: "a UUID", email: "an email address" };
/** What a header option's pattern means, for the options whose pattern says more than their format. */
const PATTERN_WORDS: Readonly<Record<string, string>> = { originCountry: "two capital letters, an ISO 3166-1 alpha-2 code such as TT" };

/**
 * Checks a value against a generated header schema and says what was expected in words: never the
 * value (it may be the key), and never a regex dump.
 */
function checkAgainst(problems: ValidationIssue[], option: string, header: string, schema: z.ZodMiniType, value: string | undefined): void {
  if (value === undefined) return;
  const result = schema.safeParse(value);
  if (result.success) return;
  const issues = result.error.issues;
  // A named format (ipv4) already says what the pattern beside it spells out character by character.
  const hasFormat = issues.some((issue) => issue.code === "invalid_format" && issue.format !== "regex");
  const messages: string[] = [];
  for (const issue of issues) {
    if (issue.code === "invalid_format" && issue.format === "regex") {
      if (hasFormat) continue;
      const words = PATTERN_WORDS[option];
      messages.push(words ? `must be ${words}` : toValidationIssues([issue], value)[0]!.message);
    } else if (issue.code === "invalid_format" && FORMAT_WORDS[issue.format]) {
      messages.push(`must be ${FORMAT_WORDS[issue.format]}`);
    } else {
      messages.push(toValidationIssues([issue], value)[0]!.message);
    }
  }
  problems.push({ path: option, message: `${messages.join("; ")} (the ${header} header)` });
}

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function checkBaseUrl(problems: ValidationIssue[], value: string | undefined, allowInsecureHttp: boolean): string {
  if (value === undefined) return "";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push({ path: "baseUrl", message: "must be an absolute URL such as https://api.example.com" });
    return value;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") problems.push({ path: "baseUrl", message: "must be an https: URL" });
  else if (url.protocol === "http:" && !isLoopback(url.hostname) && !allowInsecureHttp) {
    problems.push({ path: "baseUrl", message: "must be https: so the subscription key is not sent in clear; http: is allowed for loopback hosts, or with allowInsecureHttp: true" });
  }
  if (url.search || url.hash) problems.push({ path: "baseUrl", message: "must not have a query or a fragment" });
  // Not echoed: they are credentials. fetch refuses such a URL, and it would show in logs and inspections.
  if (url.username || url.password) problems.push({ path: "baseUrl", message: "must not contain a user name or password (user:password@); PayWise authenticates with subscriptionKey" });
  return withoutTrailingSlashes(url.toString());
}

/**
 * The schema of an option a predicate decides, whose one issue says what the option must be. zod
 * words its own issues for the generated schemas (src/validation.ts); these carry their message.
 */
function must<T>(message: string, test: (value: unknown) => boolean): z.ZodMiniType<T> {
  return z.custom<T>(test, { error: `must ${message}` });
}

// Each schema below is built on first use (src/lazy-schema.ts), not when the SDK is imported (issue 32).
const MILLISECONDS = lazySchema(() =>
  must<number>(`be a number of milliseconds above 0 and at most ${MAX_TIMEOUT_MS} (what the timers can honour)`, (value) => typeof value === "number" && value > 0 && value <= MAX_TIMEOUT_MS),
);
const RETRIES = lazySchema(() => must<number>(`be a whole number from 0 to ${MAX_RETRIES_LIMIT}`, (value) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_RETRIES_LIMIT));
const RESPONSE_VALIDATION = lazySchema(() => z.enum(RESPONSE_VALIDATION_MODES, { error: `must be one of ${RESPONSE_VALIDATION_MODES.map((mode) => `"${mode}"`).join(", ")}` }));
const FLAG = lazySchema(() => z.boolean({ error: "must be true or false" }));
/** The telemetry and hooks options: what `openTelemetry()` and `callHooks()` make, so that their code loads only when used. */
const observer = (maker: string) =>
  z.optional(must<Observer>(`be made by ${maker}() from @paywise/sdk/observability`, (value) => typeof (value as Partial<Observer> | null)?.observe === "function"));

/** The options every call takes beside `headers` (read by checkHeaders) and its operation's header options. */
export const CALL_OPTIONS = lazySchema(() =>
  z.object({
    signal: z.optional(must<AbortSignal>("be an AbortSignal", (value) => value instanceof AbortSignal)),
    timeout: z.optional(MILLISECONDS),
    maxRetries: z.optional(RETRIES),
    totalTimeout: z.optional(MILLISECONDS),
    responseValidation: z.optional(RESPONSE_VALIDATION),
  }),
);

/** The client options a schema checks once their defaults are filled in, in the order their problems are listed. */
const CLIENT_OPTIONS = lazySchema(() =>
  z.object({
    allowInsecureHttp: FLAG,
    fetch: must<typeof fetch>("be a fetch function; this runtime has no global fetch", (value) => typeof value === "function"),
    logger: must<Logger>("have error, warn, info and debug methods", (value) =>
      (["error", "warn", "info", "debug"] as const).every((level) => typeof (value as Partial<Logger> | null)?.[level] === "function"),
    ),
    diagnostics: FLAG,
    timeout: MILLISECONDS,
    maxRetries: RETRIES,
    totalTimeout: MILLISECONDS,
    logFieldsFirst: FLAG,
    telemetry: observer("openTelemetry"),
    hooks: observer("callHooks"),
    responseValidation: RESPONSE_VALIDATION,
  }),
);

/** The options as the client uses them: checked, defaults filled in, strings from the environment read. */
export type ResolvedOptions = z.infer<typeof CLIENT_OPTIONS> &
  Record<"subscriptionKey" | "originCountry" | "ipAddress" | "baseUrl" | "userAgent", string> & { headers: Record<string, string>; logLevel: LogLevel };

/** tsc fails here when a ClientOptions field is neither checked by CLIENT_OPTIONS nor resolved by name below. */
type AssertTrue<T extends true> = T;
type EveryOptionResolved = AssertTrue<keyof ClientOptions extends keyof ResolvedOptions ? true : false>;


/**
 * The fetch of a client built without one: the globalThis.fetch of the moment of each call, not of
 * the client's construction. MSW's setupServer().listen() in a test's beforeAll replaces
 * globalThis.fetch after the app's module-level client was built (issue 20).
 */
const globalFetchOfTheCall: typeof fetch = (...args) => globalThis.fetch(...args);

/** What CLIENT_OPTIONS checks when an option is not given (the global fetch as it is now, to check that there is one). */
const clientDefaults = () => ({
  allowInsecureHttp: false,
  fetch: globalThis.fetch,
  logger: console,
  diagnostics: false,
  timeout: DEFAULT_TIMEOUT_MS,
  maxRetries: DEFAULT_MAX_RETRIES,
  totalTimeout: DEFAULT_TOTAL_TIMEOUT_MS,
  logFieldsFirst: false,
  telemetry: undefined,
  hooks: undefined,
  responseValidation: "strict",
});

/** Every client option: the strings read from the environment (or the User-Agent's default), headers, logLevel, and what CLIENT_OPTIONS checks. */
const OPTION_NAMES = ["subscriptionKey", "originCountry", "ipAddress", "baseUrl", "userAgent", "headers", "logLevel", ...Object.keys(clientDefaults())];

const HEADERS_FORMS = "a Headers, an array of [name, value] pairs, or a plain object of header names to strings";

/** An object literal's kind of object (or one without a prototype), not a Map or a class instance. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * The headers of a `headers` option, in any HeadersInit form, as an object of names to strings;
 * anything else (a Map, a class instance, a string) is refused by name, never silently ignored. In
 * an array, a name given twice gets both values, joined as Headers joins them.
 */
export function checkHeaders(problems: ValidationIssue[], option: string, value: unknown): Record<string, string> {
  const entries: [string, string][] = [];
  if (typeof Headers === "function" && value instanceof Headers) {
    value.forEach((headerValue, name) => entries.push([name, headerValue]));
  } else if (Array.isArray(value)) {
    value.forEach((pair: unknown, index) => {
      if (Array.isArray(pair) && pair.length === 2 && typeof pair[0] === "string" && typeof pair[1] === "string") entries.push([pair[0], pair[1]]);
      else problems.push({ path: `${option}[${index}]`, message: "must be a [name, value] pair of strings" });
    });
  } else if (isPlainObject(value)) {
    for (const [name, headerValue] of Object.entries(value)) {
      if (typeof headerValue === "string") entries.push([name, headerValue]);
      else problems.push({ path: `${option}.${name}`, message: "must be a string" });
    }
  } else {
    const what = value instanceof Map ? "a Map, which is not read (pass Object.fromEntries(map))" : value === null ? "null" : typeof value === "object" ? "an object of another kind" : typeof value;
    problems.push({ path: option, message: `must be ${HEADERS_FORMS}; got ${what}` });
    return {};
  }
  const headers: Record<string, string> = {};
  const nameByLower = new Map<string, string>();
  for (const [name, headerValue] of entries) {
    collectIssues(problems, () => assertHeaderSafe(name, headerValue));
    const earlier = nameByLower.get(name.toLowerCase());
    if (earlier === undefined) {
      nameByLower.set(name.toLowerCase(), name);
      headers[name] = headerValue;
    } else {
      headers[earlier] = `${headers[earlier]}, ${headerValue}`;
    }
  }
  return headers;
}

function checkLogLevel(problems: ValidationIssue[], option: string | undefined, env: Env): LogLevel {
  const value = option ?? readEnv(env, "PAYWISE_LOG") ?? "off";
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    const levels = LOG_LEVELS.join(", ");
    if (option !== undefined) problems.push({ path: "logLevel", message: `must be one of ${levels}` });
    // Nobody passed logLevel: the value came from the environment, so that is what to fix.
    else problems.push({ path: "PAYWISE_LOG", message: `the environment variable must be one of ${levels} (it is read when the logLevel option is not passed)` });
  }
  return value as LogLevel;
}

/** Fills every option from the environment or its default and checks it; throws naming every bad option. */
export function resolveOptions(options: ClientOptions, env: Env = processEnv()): ResolvedOptions {
  if (options === null || typeof options !== "object") throw new InvalidRequestError(CLIENT_SUMMARY, [{ path: "options", message: "must be an object" }]);
  const problems: ValidationIssue[] = [];
  unknownNames(problems, options, OPTION_NAMES, "is not an option; the options are");

  const subscriptionKey = required(problems, "subscriptionKey", options.subscriptionKey, env, "PAYWISE_SUBSCRIPTION_KEY");
  checkSubscriptionKey(problems, subscriptionKey);
  const originCountry = required(problems, "originCountry", options.originCountry, env, "PAYWISE_ORIGIN_COUNTRY");
  checkAgainst(problems, "originCountry", "PW-origin-country", zOriginCountry, originCountry);
  const ipAddress = required(problems, "ipAddress", options.ipAddress, env, "PAYWISE_IP_ADDRESS");
  checkAgainst(problems, "ipAddress", "PW-ip-address", zIpAddress, ipAddress);
  const baseUrl = checkBaseUrl(problems, required(problems, "baseUrl", options.baseUrl, env, "PAYWISE_BASE_URL"), options.allowInsecureHttp === true);

  const userAgent = options.userAgent ?? defaultUserAgent();
  collectIssues(problems, () => assertHeaderSafe("User-Agent", userAgent));
  checkAgainst(problems, "userAgent", "User-Agent", zUserAgent, userAgent);

  const given: Record<string, unknown> = {};
  for (const [name, fallback] of Object.entries(clientDefaults())) given[name] = options[name as keyof ClientOptions] ?? fallback;
  const checked = parseOption(problems, CLIENT_OPTIONS, given);
  const headers = checkHeaders(problems, "headers", options.headers ?? {});
  const logLevel = checkLogLevel(problems, options.logLevel, env);
  if (problems.length) throw new InvalidRequestError(CLIENT_SUMMARY, problems);
  // With no problem recorded, every value above is defined.
  const fetch = options.fetch == null ? globalFetchOfTheCall : checked!.fetch;
  return { ...checked!, fetch, subscriptionKey: subscriptionKey!, originCountry: originCountry!, ipAddress: ipAddress!, baseUrl, userAgent, headers, logLevel };
}
