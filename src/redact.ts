// What may be shown of a value, by the contract's x-pw-sensitive marks (generated/…/sensitive.ts).
// Secrets are removed from errors; in logs, personal data is also masked.
import { SENSITIVE_FIELDS, type SensitiveKind } from "../generated/current";

export const REDACTED = "[REDACTED]";

/** Shorter known secret values are not searched for inside text: too likely to match by chance. */
const MIN_SECRET_LENGTH_TO_SCRUB = 6;
/** Digits the API itself leaves visible when it masks a number (`******2220`). */
const VISIBLE_TAIL = 4;

const kindByLowerName = new Map<string, SensitiveKind>(
  Object.entries(SENSITIVE_FIELDS).map(([name, kind]) => [name.toLowerCase(), kind]),
);

/** The x-pw-sensitive kind of a field, query parameter or header name (headers ignore case). */
export function sensitiveKind(name: string): SensitiveKind | undefined {
  return kindByLowerName.get(name.toLowerCase());
}

/** Masks one value the way logs show it. */
export function maskValue(kind: SensitiveKind, value: string): string {
  switch (kind) {
    case "secret":
      return REDACTED;
    case "identifier":
      // The API's own masking: six stars and the last four characters.
      return value.length > VISIBLE_TAIL ? "******" + value.slice(-VISIBLE_TAIL) : "****";
    case "name":
      return value ? value[0] + "***" : value;
    case "email": {
      const at = value.lastIndexOf("@");
      return at > 0 ? value[0] + "***" + value.slice(at) : "***";
    }
  }
}

/**
 * Replaces known secret values wherever they appear in text: a server (or a proxy) may echo the
 * subscription key or a token back inside a message.
 */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first: a secret that contains another must not be half-replaced and half-shown.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= MIN_SECRET_LENGTH_TO_SCRUB && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Secret values in an input (tokens), found by the contract's marks, to scrub from errors and logs. */
export function secretValuesIn(value: unknown, into: string[] = []): string[] {
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === "string" && sensitiveKind(key) === "secret") into.push(item);
      else secretValuesIn(item, into);
    }
  }
  return into;
}

/** Personal values shorter than this are not searched for inside text: they match by chance. */
const MIN_PERSONAL_LENGTH_TO_MASK = 3;

/** The personal values of a call's input, each with its masked form, for masking free text. */
export function personalValuesIn(value: unknown, into: [string, string][] = []): [string, string][] {
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const kind = sensitiveKind(key);
      if (typeof item === "string" && kind && kind !== "secret" && item.length >= MIN_PERSONAL_LENGTH_TO_MASK) into.push([item, maskValue(kind, item)]);
      else personalValuesIn(item, into);
    }
  }
  return into;
}

/**
 * Masks a call's own personal values wherever they appear in text meant for a log line: a server
 * may repeat a mobile number or a name inside its message.
 */
export function maskKnownPersonal(text: string, personal: readonly [string, string][]): string {
  let out = text;
  for (const [value, masked] of [...personal].sort((a, b) => b[0].length - a[0].length)) {
    if (out.includes(value)) out = out.split(value).join(masked);
  }
  return out;
}

/**
 * A deep copy of a JSON value with secrets redacted (by field name and by known value) and, when
 * `maskPersonal` is set, personal data masked. Only plain JSON is expected here (parsed bodies).
 */
export function redact(value: unknown, secrets: readonly string[], maskPersonal: boolean, fieldName?: string): unknown {
  const kind = fieldName === undefined ? undefined : sensitiveKind(fieldName);
  // A number or boolean under a sensitive name (a mobile number sent as a number) is masked too.
  const scalar = typeof value === "string" || typeof value === "number" || typeof value === "boolean" || typeof value === "bigint";
  if (scalar && (kind === "secret" || (kind && maskPersonal))) return maskValue(kind, String(value));
  if (typeof value === "string") return scrubText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redact(item, secrets, maskPersonal, fieldName));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = redact(item, secrets, maskPersonal, key);
    return out;
  }
  return value;
}

/** A URL fit for a log line: sensitive query values masked. */
export function maskUrl(url: string, secrets: readonly string[]): string {
  const parsed = new URL(url);
  for (const [name, value] of [...parsed.searchParams]) {
    const kind = sensitiveKind(name);
    if (kind) parsed.searchParams.set(name, maskValue(kind, value));
  }
  return scrubText(parsed.toString(), secrets);
}

/**
 * HTTP's own credential headers, which the contract does not mark because it does not use them, but
 * which a caller may add through `headers` (a proxy's token) or a server may send (a session cookie).
 */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie"]);

/** Headers fit for a log line or an error: secrets redacted, personal data masked if asked. */
export function redactHeaders(headers: Headers, secrets: readonly string[], maskPersonal: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    const kind = CREDENTIAL_HEADERS.has(name.toLowerCase()) ? "secret" : sensitiveKind(name);
    out[name] = kind === "secret" || (kind && maskPersonal) ? maskValue(kind, value) : scrubText(value, secrets);
  });
  return out;
}
