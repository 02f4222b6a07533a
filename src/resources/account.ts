// paywise.account: the four account operations of the contract. Each one says how it may be
// retried and which generated schemas check it; the rest is shared in core.ts.
import * as z from "zod/mini";
import {
  zCreateAccountSessionBody,
  zCreateAccountSessionHeaders,
  zCreateAccountSessionResponse,
  zGetAccountBalanceBody,
  zGetAccountBalanceHeaders,
  zGetAccountBalanceResponse,
  zGetAccountStatusHeaders,
  zGetAccountStatusQuery,
  zGetAccountStatusResponse,
  zRegisterAccountBody,
  zRegisterAccountHeaders,
  zRegisterAccountResponse,
  zRequestId,
  type operations,
} from "../../generated/current";
import type { APIPromise } from "../api-promise";
import type { Core, Operation, RequestOptions } from "../core";
import type { Payload } from "../envelope";
import { InvalidRequestError } from "../errors";
import { assertHeaderSafe } from "../headers";
import { toValidationIssues } from "../validation";

type JsonBody<Op extends keyof operations> = operations[Op] extends { requestBody: { content: { "application/json": infer B } } } ? B : never;
type SuccessBody<Op extends keyof operations> = operations[Op]["responses"][200]["content"]["application/json"];

/** The body of `createSession`. */
export type CreateSessionParams = JsonBody<"createAccountSession">;
/** What `createSession` resolves to: the envelope's `data`. */
export type AccountSession = Payload<SuccessBody<"createAccountSession">>;
/** The query of `getStatus`; the SDK adds `version` and `diagnostics` itself. */
export type GetStatusParams = Omit<operations["getAccountStatus"]["parameters"]["query"], "version" | "diagnostics">;
/** What `getStatus` resolves to: the envelope's own fields less its meta fields. */
export type AccountStatusResult = Payload<SuccessBody<"getAccountStatus">>;
/** The body of `register`. */
export type RegisterParams = JsonBody<"registerAccount">;
/** What `register` resolves to. */
export type RegisterResult = Payload<SuccessBody<"registerAccount">>;
/** The body of `getBalance`. */
export type GetBalanceParams = JsonBody<"getAccountBalance">;
/** What `getBalance` resolves to: the envelope's `data`. */
export type AccountBalance = Payload<SuccessBody<"getAccountBalance">>;

export interface CreateSessionOptions extends RequestOptions {
  /** PW-request-id, a UUID. Every attempt of the call sends it; pass your own to trace the call. @default crypto.randomUUID() */
  requestId?: string;
}

function requestIdHeader(options: Record<string, unknown>): Record<string, string> {
  const requestId = options.requestId ?? crypto.randomUUID();
  const checked = zRequestId.safeParse(requestId);
  if (typeof requestId !== "string" || !checked.success) {
    const issues = checked.success ? [] : toValidationIssues(checked.error.issues, requestId);
    throw new InvalidRequestError("The options of createSession are invalid, so nothing was sent", [
      { path: "requestId", message: `must be a UUID (the PW-request-id header)${issues.length ? `: ${issues.map((i) => i.message).join("; ")}` : ""}` },
    ]);
  }
  assertHeaderSafe("PW-request-id", requestId);
  return { "PW-request-id": requestId };
}

const createSession: Operation<CreateSessionParams> = {
  name: "createSession",
  // PayWise traces account_session by PW-request-id, and every attempt sends the same one.
  retryMode: "idempotent",
  inputSchema: zCreateAccountSessionBody,
  responseSchema: zCreateAccountSessionResponse,
  headerSchema: zCreateAccountSessionHeaders,
  callHeaders: { options: ["requestId"], headers: requestIdHeader },
};

const getStatus: Operation<GetStatusParams> = {
  name: "getStatus",
  retryMode: "idempotent",
  inputSchema: z.omit(zGetAccountStatusQuery, { version: true, diagnostics: true }),
  responseSchema: zGetAccountStatusResponse,
  headerSchema: zGetAccountStatusHeaders,
};

const register: Operation<RegisterParams> = {
  name: "register",
  // No idempotency key: a repeat that reached PayWise could register the account twice.
  retryMode: "unsent-only",
  inputSchema: zRegisterAccountBody,
  responseSchema: zRegisterAccountResponse,
  headerSchema: zRegisterAccountHeaders,
};

const getBalance: Operation<GetBalanceParams> = {
  name: "getBalance",
  retryMode: "idempotent",
  inputSchema: zGetAccountBalanceBody,
  responseSchema: zGetAccountBalanceResponse,
  headerSchema: zGetAccountBalanceHeaders,
};

export class Account {
  readonly #core: Core;

  /** @internal The client builds this; the declarations leave it out (tsdown.config.ts, stripInternal). */
  constructor(core: Core) {
    this.#core = core;
  }

  /** POST /account/account_session: resolves an account from lookup details and opens a short-lived session. */
  createSession(params: CreateSessionParams, options?: CreateSessionOptions): APIPromise<AccountSession> {
    return this.#core.run(createSession, params, options, (body, init) =>
      this.#core.api.POST("/account/account_session", {
        params: { query: init.query, header: init.header as typeof init.header & { "PW-request-id": string } },
        body,
        parseAs: init.parseAs,
        fetch: init.fetch,
      }),
    );
  }

  /** GET /account/account: the account's status and a session token. */
  getStatus(params: GetStatusParams, options?: RequestOptions): APIPromise<AccountStatusResult> {
    return this.#core.run(getStatus, params, options, (query, init) =>
      this.#core.api.GET("/account/account", {
        params: { query: { ...query, ...init.query }, header: init.header },
        parseAs: init.parseAs,
        fetch: init.fetch,
      }),
    );
  }

  /** POST /account/register_account: registers an account. Never retried once it may have reached PayWise. */
  register(params: RegisterParams, options?: RequestOptions): APIPromise<RegisterResult> {
    return this.#core.run(register, params, options, (body, init) =>
      this.#core.api.POST("/account/register_account", {
        params: { query: init.query, header: init.header },
        body,
        parseAs: init.parseAs,
        fetch: init.fetch,
      }),
    );
  }

  /** POST /account/balance: the account's balance. */
  getBalance(params: GetBalanceParams, options?: RequestOptions): APIPromise<AccountBalance> {
    return this.#core.run(getBalance, params, options, (body, init) =>
      this.#core.api.POST("/account/balance", {
        params: { query: init.query, header: init.header },
        body,
        parseAs: init.parseAs,
        fetch: init.fetch,
      }),
    );
  }
}
