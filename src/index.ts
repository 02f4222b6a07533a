// The package's public API. Everything not listed here is internal.
export { PayWise } from "./client";
export type { ClientOptions, HeadersInput, ResponseValidation } from "./options";
export type { RequestOptions } from "./core";
export type { LogLevel, Logger } from "./logger";
// openTelemetry() and callHooks() make these; they live in "@paywise/sdk/observability" (src/observability.ts).
export type { Observer } from "./observer";
export { APIPromise, type WithResponse } from "./api-promise";
export type { ResponseMeta } from "./envelope";
export type { Unrecognized } from "./open-enum";
// The resource classes (Account, …) and each method's named Params, Options and Result types,
// generated from the newest contract and the overlay: a new operation's types are public with it.
export type * from "../generated/public";
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
