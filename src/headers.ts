// The PayWise headers: their values, the User-Agent, and the merge of extra headers.
import { InvalidRequestError } from "./errors";
import { SDK_VERSION } from "./version";

/** PW-request-date: UTC `YYYY-MM-DD HH:mm:ss`, of now unless another moment is given. */
export function currentRequestDate(date: Date = new Date()): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

/** Names the SDK and the runtime, as PayWise asks, so its edge does not take us for a bot. */
export function defaultUserAgent(): string {
  const g = globalThis as {
    Deno?: { version?: { deno?: string } };
    Bun?: { version?: string };
    process?: { versions?: { node?: string }; platform?: string; arch?: string };
  };
  const runtime = g.Deno?.version?.deno
    ? `deno/${g.Deno.version.deno}`
    : g.Bun?.version
      ? `bun/${g.Bun.version}`
      : g.process?.versions?.node
        ? `node/${g.process.versions.node}`
        : "unknown-runtime";
  const platform = g.process?.platform ? `; ${g.process.platform} ${g.process.arch ?? ""}`.trimEnd() : "";
  return `paywise-sdk-typescript/${SDK_VERSION} (${runtime}${platform})`;
}

/** An HTTP field name: a token (RFC 9110). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** An HTTP field value: visible characters, spaces and tabs, and Latin-1 (what fetch accepts). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Headers that frame the message or manage the connection. fetch sets them from the request
 * itself; given by a caller, undici hangs (a short Content-Length), fails as if the network had
 * (Transfer-Encoding, Keep-Alive, Upgrade, Expect, Connection other than close or keep-alive), or
 * drops the value (Host). TE and Trailer pass through harmlessly, so they are allowed.
 */
const FRAMING_HEADERS: ReadonlySet<string> = new Set(["content-length", "transfer-encoding", "connection", "host", "keep-alive", "upgrade", "expect"]);

/**
 * Refuses a header that fetch would refuse, mishandle or, worse, that could smuggle in a header of
 * its own (CR, LF, NUL), before anything is sent. The value is not quoted: it may be a secret.
 */
export function assertHeaderSafe(name: string, value: string): void {
  if (!HEADER_NAME.test(name)) {
    throw new InvalidRequestError("A header is invalid, so nothing was sent", [{ path: name, message: "is not a valid header name" }]);
  }
  if (FRAMING_HEADERS.has(name.toLowerCase())) {
    throw new InvalidRequestError("A header is invalid, so nothing was sent", [
      { path: name, message: "is a framing header, which fetch sets from the request itself; remove it from headers" },
    ]);
  }
  if (!HEADER_VALUE.test(value)) {
    throw new InvalidRequestError("A header is invalid, so nothing was sent", [
      { path: name, message: "must not contain CR, LF or NUL characters, other control characters, or characters beyond Latin-1" },
    ]);
  }
}

/**
 * Lays `overrides` over `base`, matching names without regard to case, and keeps the spelling of
 * `base` for names it already has, so the result still fits the generated header types.
 */
export function mergeHeaders(base: Record<string, string>, ...overrides: (Record<string, string> | undefined)[]): Record<string, string> {
  const merged = { ...base };
  const nameByLower = new Map(Object.keys(merged).map((name) => [name.toLowerCase(), name]));
  for (const layer of overrides) {
    if (!layer) continue;
    for (const [name, value] of Object.entries(layer)) {
      const existing = nameByLower.get(name.toLowerCase());
      if (existing === undefined) nameByLower.set(name.toLowerCase(), name);
      merged[existing ?? name] = value;
    }
  }
  return merged;
}
