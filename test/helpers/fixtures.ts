// What the tests send and what a well-behaved PayWise answers, taken from the
// contract's own examples so the tests follow the spec rather than a copy of it.
import {
  PayWise,
  type ClientOptions,
  type CreateSessionOptions,
  type CreateSessionParams,
  type GetBalanceParams,
  type GetStatusParams,
  type Logger,
  type RegisterParams,
} from "../../src/index";
import { SDK_FILLED_QUERY } from "../../src/call-parameters";
import { basename } from "node:path";
import type { OperationDescriptor } from "../../src/core";
import { SPEC_FILE, documentedBody, documentedInput, operation, operations, successAnswer } from "./spec";

/** A subscription key that cannot turn up by chance anywhere else in a message, stack or log. */
export const SECRET_KEY = "sk5ecretKEY000000000000000000zq9";
/** A session token and an authorisation token as distinctive as the key. */
export const SESSION_TOKEN = "sessTOKENqv7xw31";
export const AUTHORISATION_TOKEN = "authTOKENpl2mz84";
export const IP_ADDRESS = "203.0.113.7";
export const ORIGIN_COUNTRY = "TT";

/** A request body a caller following the docs sends: its example, else one generated from its schema. */
function requestExample(operationId: string): Record<string, unknown> {
  const value = documentedBody(operation(operationId));
  if (value === undefined) throw new Error(`${operationId} takes no request body`);
  return { ...(value as Record<string, unknown>) };
}

/** Valid inputs for each SDK method, from the contract's request examples. */
export const inputs: {
  createSession: CreateSessionParams;
  register: RegisterParams;
  getBalance: GetBalanceParams;
  getStatus: GetStatusParams;
} = {
  createSession: requestExample("createAccountSession") as CreateSessionParams,
  register: { ...requestExample("registerAccount"), session_token: SESSION_TOKEN, authorisation_token: AUTHORISATION_TOKEN } as RegisterParams,
  getBalance: requestExample("getAccountBalance") as GetBalanceParams,
  // A GET has no request example: what the docs tell a caller to send is each required query
  // parameter's own example, less what the SDK fills itself (`version`).
  getStatus: documentedInput(operation("getAccountStatus"), SDK_FILLED_QUERY) as GetStatusParams,
};

/** Each operation's path template as a pattern of the paths it is called at (`{name}`: one segment). */
const pathPattern = (template: string) => new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]*\}/g, "[^/]+")}$`);
const successByPath = operations().map((op) => ({ pattern: pathPattern(op.path), body: successAnswer(op) }));

/** The contract's success body (its example, else a sample) for the path of a request URL (path and query). */
export function successBody(url: string): Record<string, unknown> {
  const path = new URL(url, "http://fault.invalid").pathname;
  const found = successByPath.find(({ pattern }) => pattern.test(path));
  if (!found) throw new Error(`the contract has no operation at ${path}`);
  return structuredClone(found.body);
}

/** An error envelope as PayWise shapes it. */
export function errorEnvelope(code: number, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    status: "error",
    code,
    message,
    request_id: "62a88990-5a8a-4c89-8e16-d7a727d2ed0a",
    timestamp: "2026-02-11T03:59:45.487Z",
    ...extra,
  };
}

export type OperationName = keyof typeof inputs;
/** The operations that are safe to repeat, and so retried on faults that may have reached PayWise. */
const descriptors = (await import(`../../generated/${basename(SPEC_FILE, ".yaml")}/operations.ts`)) as Record<string, OperationDescriptor>;
export const RETRIED_OPERATIONS: readonly OperationName[] = Object.values(descriptors)
  .filter((descriptor) => descriptor.retryMode === "idempotent")
  .map((descriptor) => descriptor.name)
  .filter((name): name is OperationName => name in inputs);

/** A method's generated descriptor. */
export function operationDescriptor(name: OperationName): OperationDescriptor {
  const descriptor = Object.values(descriptors).find((candidate) => candidate.name === name);
  if (!descriptor) throw new Error(`the generated code has no method ${name}`);
  return descriptor;
}

/** The path a method calls, from its generated descriptor. */
export function operationPath(name: OperationName): string {
  return operationDescriptor(name).path;
}

/** The envelope's own fields, which every answer has; the rest is what a method resolves to. */
export const ENVELOPE_META = ["status", "code", "message", "request_id", "timestamp", "observed_client_ip"];

/** Calls one of the client's operations with its valid input. */
export function callOperation(client: PayWise, name: OperationName, options?: CreateSessionOptions): Promise<unknown> {
  switch (name) {
    case "createSession":
      return client.account.createSession(inputs.createSession, options);
    case "getStatus":
      return client.account.getStatus(inputs.getStatus, options);
    case "register":
      return client.account.register(inputs.register, options);
    case "getBalance":
      return client.account.getBalance(inputs.getBalance, options);
  }
}

/** A client for `baseUrl` with the test credentials; `options` override them. */
export function testClient(baseUrl: string, options: ClientOptions = {}): PayWise {
  return new PayWise({ subscriptionKey: SECRET_KEY, originCountry: ORIGIN_COUNTRY, ipAddress: IP_ADDRESS, baseUrl, ...options });
}

/** What a logger received, one line per call, fields serialised. */
export interface CapturedLog {
  logger: Logger;
  lines: { level: string; message: string; fields: unknown }[];
  /** Everything logged as one string, to search for what must not be there. */
  text(): string;
}

export function captureLogger(onLine?: (level: string, message: string) => void): CapturedLog {
  const lines: CapturedLog["lines"] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
    onLine?.(level, message);
  };
  return {
    logger: { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") },
    lines,
    text: () => lines.map((line) => `${line.level} ${line.message} ${JSON.stringify(line.fields) ?? ""}`).join("\n"),
  };
}
