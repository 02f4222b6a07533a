// The client's options: their one type, and the one function that fills defaults from the
// environment and checks them against the contract's header constraints.
import type * as z from "zod/mini";
import { zIpAddress, zOriginCountry, zSubscriptionKey, zUserAgent } from "../generated/current";
import { InvalidRequestError } from "./errors";
import { assertHeaderSafe, defaultUserAgent } from "./headers";
import { LOG_LEVELS, type Logger, type LogLevel } from "./logger";
import { DEFAULT_MAX_RETRIES, MAX_RETRIES_LIMIT } from "./retry";
import { toValidationIssues } from "./validation";

/** @default 30 seconds: long enough for a slow upstream, short enough to fail a request that hangs. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** setTimeout's own ceiling (about 24.8 days); a larger timeout would fire at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

export interface ClientOptions {
  /** Your PayWise subscription key (32 characters). @default env PAYWISE_SUBSCRIPTION_KEY */
  subscriptionKey?: string;
  /** ISO 3166-1 alpha-2 code of the country the transaction is created in, such as "TT". @default env PAYWISE_ORIGIN_COUNTRY */
  originCountry?: string;
  /** Your institution's fixed IPv4 address, as registered with PayWise. @default env PAYWISE_IP_ADDRESS */
  ipAddress?: string;
  /** The API's base URL. Must be https unless the host is loopback or allowInsecureHttp is set. @default env PAYWISE_BASE_URL */
  baseUrl?: string;
  /** The User-Agent header (at most 255 characters). @default "@paywise/sdk/<version> (<runtime>)" */
  userAgent?: string;
  /** Ask for diagnostic metadata (`observed_client_ip`); non-production environments only. @default false */
  diagnostics?: boolean;
  /** Time allowed for each attempt, in milliseconds. @default 30000 */
  timeout?: number;
  /** Retries after the first attempt, where retrying is safe (see the README). @default 2 */
  maxRetries?: number;
  /** The fetch implementation to use. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Extra headers on every request (tracing and the like); per-call headers override them. @default {} */
  headers?: Record<string, string>;
  /** How much to log. @default env PAYWISE_LOG, else "off" */
  logLevel?: LogLevel;
  /** Where log lines go; secrets are redacted and personal data masked before they get here. @default console */
  logger?: Logger;
  /** Allow an http: baseUrl on a host that is not loopback; the subscription key then travels in clear. @default false */
  allowInsecureHttp?: boolean;
}

export interface ResolvedOptions {
  subscriptionKey: string;
  originCountry: string;
  ipAddress: string;
  baseUrl: string;
  userAgent: string;
  diagnostics: boolean;
  timeout: number;
  maxRetries: number;
  fetch: typeof fetch;
  headers: Record<string, string>;
  logLevel: LogLevel;
  logger: Logger;
}

const OPTION_NAMES = [
  "subscriptionKey",
  "originCountry",
  "ipAddress",
  "baseUrl",
  "userAgent",
  "diagnostics",
  "timeout",
  "maxRetries",
  "fetch",
  "headers",
  "logLevel",
  "logger",
  "allowInsecureHttp",
] as const satisfies readonly (keyof ClientOptions)[];

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

function fail(option: string, message: string): never {
  throw new InvalidRequestError("The PayWise client options are invalid", [{ path: option, message }]);
}

function required(option: string, given: string | undefined, env: Env, variable: string): string {
  const value = given ?? readEnv(env, variable);
  if (value === undefined || value === "") fail(option, `is required: pass it, or set the environment variable ${variable}`);
  return value;
}

/** Checks a value against a generated header schema without ever quoting the value. */
function checkAgainst(option: string, header: string, schema: z.ZodMiniType, value: string): void {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = toValidationIssues(result.error.issues, value);
    fail(option, `${issues.map((issue) => issue.message).join("; ")} (the ${header} header)`);
  }
}

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function checkBaseUrl(value: string, allowInsecureHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail("baseUrl", "must be an absolute URL such as https://api.example.com");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") fail("baseUrl", "must be an https: URL");
  if (url.protocol === "http:" && !isLoopback(url.hostname) && !allowInsecureHttp) {
    fail("baseUrl", "must be https: so the subscription key is not sent in clear; http: is allowed for loopback hosts, or with allowInsecureHttp: true");
  }
  if (url.search || url.hash) fail("baseUrl", "must not have a query or a fragment");
  return url.toString().replace(/\/+$/, "");
}

export function checkTimeout(option: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT_MS) {
    fail(option, `must be a number of milliseconds above 0 and at most ${MAX_TIMEOUT_MS}`);
  }
  return value;
}

export function checkMaxRetries(option: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_RETRIES_LIMIT) {
    fail(option, `must be a whole number from 0 to ${MAX_RETRIES_LIMIT}`);
  }
  return value;
}

export function checkHeaders(option: string, value: unknown): Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail(option, "must be an object of header names to strings");
  for (const [name, headerValue] of Object.entries(value)) {
    if (typeof headerValue !== "string") fail(`${option}.${name}`, "must be a string");
    assertHeaderSafe(name, headerValue);
  }
  return { ...(value as Record<string, string>) };
}

function checkBoolean(option: string, value: unknown): boolean {
  if (typeof value !== "boolean") fail(option, "must be true or false");
  return value;
}

function checkLogLevel(value: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(value)) fail("logLevel", `must be one of ${LOG_LEVELS.join(", ")}`);
  return value as LogLevel;
}

/** Fills every option from the environment or its default and checks it; throws naming the option. */
export function resolveOptions(options: ClientOptions, env: Env = processEnv()): ResolvedOptions {
  if (options === null || typeof options !== "object") fail("options", "must be an object");
  for (const name of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(name)) fail(name, `is not an option; the options are ${OPTION_NAMES.join(", ")}`);
  }

  const subscriptionKey = required("subscriptionKey", options.subscriptionKey, env, "PAYWISE_SUBSCRIPTION_KEY");
  checkAgainst("subscriptionKey", "PW-subscription-key", zSubscriptionKey, subscriptionKey);
  assertHeaderSafe("PW-subscription-key", subscriptionKey);
  const originCountry = required("originCountry", options.originCountry, env, "PAYWISE_ORIGIN_COUNTRY");
  checkAgainst("originCountry", "PW-origin-country", zOriginCountry, originCountry);
  const ipAddress = required("ipAddress", options.ipAddress, env, "PAYWISE_IP_ADDRESS");
  checkAgainst("ipAddress", "PW-ip-address", zIpAddress, ipAddress);
  const baseUrl = checkBaseUrl(required("baseUrl", options.baseUrl, env, "PAYWISE_BASE_URL"), checkBoolean("allowInsecureHttp", options.allowInsecureHttp ?? false));

  const userAgent = options.userAgent ?? defaultUserAgent();
  assertHeaderSafe("User-Agent", userAgent);
  checkAgainst("userAgent", "User-Agent", zUserAgent, userAgent);

  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") fail("fetch", "must be a fetch function; this runtime has no global fetch");

  const logger = options.logger ?? console;
  if (typeof logger?.error !== "function" || typeof logger.debug !== "function") fail("logger", "must have error, warn, info and debug methods");

  return {
    subscriptionKey,
    originCountry,
    ipAddress,
    baseUrl,
    userAgent,
    diagnostics: checkBoolean("diagnostics", options.diagnostics ?? false),
    timeout: checkTimeout("timeout", options.timeout ?? DEFAULT_TIMEOUT_MS),
    maxRetries: checkMaxRetries("maxRetries", options.maxRetries ?? DEFAULT_MAX_RETRIES),
    fetch: fetchImpl,
    headers: checkHeaders("headers", options.headers ?? {}),
    logLevel: checkLogLevel(options.logLevel ?? readEnv(env, "PAYWISE_LOG") ?? "off"),
    logger,
  };
}
