// The package's public API. Everything not listed here is internal.
export { PayWise } from "./client";
export type { ClientOptions } from "./options";
export type { RequestOptions } from "./core";
export type { LogLevel, Logger } from "./logger";
export { APIPromise, type WithResponse } from "./api-promise";
export type { ResponseMeta } from "./envelope";
export type {
  Account,
  AccountBalance,
  AccountSession,
  AccountStatusResult,
  CreateSessionOptions,
  CreateSessionParams,
  GetBalanceParams,
  GetStatusParams,
  RegisterParams,
  RegisterResult,
} from "./resources/account";
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  InvalidRequestError,
  InvalidResponseError,
  NotFoundError,
  PayWiseError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  type ValidationIssue,
} from "./errors";
export { SDK_VERSION } from "./version";
export { CONTRACT_VERSION } from "../generated/current";
