// What every call carries besides the caller's input: the headers and query parameters the SDK
// fills itself, and the options every method takes. src/core.ts runs calls with these lists and
// scripts/generate.mjs builds the resource layer from them (a header parameter the SDK does not
// fill becomes a call option, the query parameters it fills leave the input type), so the lists
// live here, in one module both import. Keep it free of imports: the generator loads it through
// tsx (`node --import tsx scripts/generate.mjs`), before generated/ exists.

/**
 * The headers the client fills on every call (a caller may still override them in `headers`).
 * Every other header parameter of an operation becomes a call option of that operation (its name
 * by scripts/lib/sdk-names.mjs: PW-request-id -> requestId).
 */
export const SDK_FILLED_HEADERS = ["PW-subscription-key", "PW-origin-country", "PW-request-date", "PW-ip-address", "User-Agent", "Accept"] as const;

/** The query parameters the SDK fills: the contract version, and `diagnostics` from the client's option. */
export const SDK_FILLED_QUERY = ["version", "diagnostics"] as const;

/** The query the SDK adds to a call; src/core.ts builds it, typed by this so the list above cannot miss a name. */
export type SdkFilledQuery = { [Name in (typeof SDK_FILLED_QUERY)[number]]?: string | boolean };

/**
 * The options every call takes (RequestOptions in src/core.ts, which tsc holds to this list). A
 * header option may not take one of these names: generation fails on a clash.
 */
export const REQUEST_OPTION_NAMES = ["signal", "timeout", "maxRetries", "totalTimeout", "headers", "responseValidation"] as const;
