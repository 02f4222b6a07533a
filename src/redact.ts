// What may be shown of a value. Secrets are removed from errors and logs; in logs, personal data is
// also masked. Two sources say what is sensitive: what a name alone says (src/sensitive-names.ts,
// the baseline, shared with the generator), and the generated marks (generated/…/sensitive.ts),
// which add to the baseline and never take a secret away from it. Every string a server controls
// goes through scrubText (or redact, redactHeaders, sanitizeCause, which use it) before it reaches
// an error or a log line.
import { SENSITIVE_FIELDS } from "../generated/current";
import { encodedForms, replaceKnown, type KnownValue } from "./known-values";
import { printable } from "./printable";
import { kindOfName, normalName, SENSITIVE_KINDS, type SensitiveKind } from "./sensitive-names";

export { BASELINE_SECRET_NAMES, type SensitiveKind } from "./sensitive-names";

export const REDACTED = "[REDACTED]";

const KINDS: ReadonlySet<string> = new Set<string>(SENSITIVE_KINDS);
/**
 * Names looked up are remembered, as the same few come back on every call; the names come from
 * servers too, so the memory is dropped whenever it holds this many.
 */
const MAX_REMEMBERED_NAMES = 1_000;

/**
 * The sensitive kind of a field, query parameter or header name (any case or spelling:
 * `Mobile-Number` is `mobile_number`): a secret by name first, then the marks, then what the name
 * says of personal data. A mark of a kind this SDK does not know is taken for a secret, the safe
 * reading.
 */
export function sensitiveKindsFrom(marks: Readonly<Record<string, string>>): (name: string) => SensitiveKind | undefined {
  // Read at the first lookup, not when the SDK is imported (issue 32).
  let marked: Map<string, SensitiveKind> | undefined;
  const remembered = new Map<string, SensitiveKind | undefined>();
  return (name) => {
    if (remembered.has(name)) return remembered.get(name);
    marked ??= new Map(Object.entries(marks).map(([mark, kind]) => [normalName(mark), KINDS.has(kind) ? (kind as SensitiveKind) : "secret"]));
    const byName = kindOfName(name);
    const kind = byName === "secret" ? byName : (marked.get(normalName(name)) ?? byName);
    if (remembered.size >= MAX_REMEMBERED_NAMES) remembered.clear();
    remembered.set(name, kind);
    return kind;
  };
}

/** The sensitive kind of a name, by the baseline and the generated marks. */
export const sensitiveKind = sensitiveKindsFrom(SENSITIVE_FIELDS);

/** Shorter known secret values are not searched for inside text: too likely to match by chance. */
const MIN_SECRET_LENGTH_TO_SCRUB = 6;
/** Digits the API itself leaves visible when it masks a number (`******2220`). */
const VISIBLE_TAIL = 4;
/**
 * How deep the walks over JSON go. PayWise answers nest three levels; a hostile answer nested
 * thousands deep would otherwise overflow the stack with a RangeError (issue 10). Deeper parts of
 * an error's body are replaced by TRUNCATED.
 */
export const MAX_JSON_DEPTH = 32;
export const TRUNCATED = `[TRUNCATED: nested deeper than ${MAX_JSON_DEPTH}]`;

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

/** The encoded forms of the values searched for lately: the same key and tokens come back on every call. */
const rememberedForms = new Map<string, readonly string[]>();

function withEncodedForms(value: string): readonly string[] {
  let forms = rememberedForms.get(value);
  if (!forms) {
    forms = [value, ...encodedForms(value)];
    if (rememberedForms.size >= MAX_REMEMBERED_NAMES) rememberedForms.clear();
    rememberedForms.set(value, forms);
  }
  return forms;
}

/**
 * A function that replaces known secret values wherever they appear in text: a server (or a proxy)
 * may echo the key or a token in a message, a header, a property name, a request id or an error
 * code, as it is, percent-encoded, or in base64 or base64url (src/known-values.ts). Case is
 * ignored, because HTTP lower-cases header names, and a secret echoed as one comes back lower-cased.
 */
export function scrubber(secrets: readonly string[]): (text: string) => string {
  const usable = [...new Set(secrets)].filter((secret) => secret.length >= MIN_SECRET_LENGTH_TO_SCRUB);
  if (usable.length === 0) return (text) => text;
  const values: KnownValue[] = usable.flatMap((secret) => withEncodedForms(secret).map((value) => ({ value, replacement: REDACTED })));
  return (text) => replaceKnown(text, values, REDACTED);
}

/** Replaces known secret values wherever they appear in text (see scrubber). */
export function scrubText(text: string, secrets: readonly string[]): string {
  return scrubber(secrets)(text);
}

/**
 * Secret values in a JSON value (tokens, PINs, card numbers, by name), to scrub from errors and
 * logs; a number under a secret name (an OTP sent as 123456) is searched for as its digits.
 */
export function secretValuesIn(value: unknown, into: string[] = [], depth = 0): string[] {
  if (value !== null && typeof value === "object" && depth < MAX_JSON_DEPTH) {
    for (const [key, item] of Object.entries(value)) {
      if ((typeof item === "string" || typeof item === "number" || typeof item === "bigint") && sensitiveKind(key) === "secret") into.push(String(item));
      else secretValuesIn(item, into, depth + 1);
    }
  }
  return into;
}

/** An auth scheme and its credentials, as in `Bearer <token>`. */
const SCHEME_AND_CREDENTIALS = /^[\w!#$%&'*+.^`|~-]+ +(\S.*)$/;

/**
 * The secret values among a request's headers (the key, and any credential header a caller added
 * through `headers`), each whole and, as a server may echo only that part, without its auth scheme
 * or, for a cookie header, cookie by cookie.
 */
export function secretHeaderValues(headers: Readonly<Record<string, string>>, into: string[] = []): string[] {
  for (const [name, value] of Object.entries(headers)) {
    if (sensitiveKind(name) !== "secret") continue;
    into.push(value);
    const credentials = SCHEME_AND_CREDENTIALS.exec(value)?.[1];
    if (credentials) into.push(credentials.trim());
    if (name.toLowerCase().includes("cookie")) {
      for (const cookie of value.split(";")) into.push(cookie.slice(cookie.indexOf("=") + 1).trim());
    }
  }
  return into;
}

/** Personal values shorter than this are not searched for inside text: they match by chance. */
const MIN_PERSONAL_LENGTH_TO_MASK = 3;

/** The personal values of a call's input, each with its masked form, for masking free text. */
export function personalValuesIn(value: unknown, into: [string, string][] = [], depth = 0): [string, string][] {
  if (value !== null && typeof value === "object" && depth < MAX_JSON_DEPTH) {
    for (const [key, item] of Object.entries(value)) {
      const kind = sensitiveKind(key);
      const text = typeof item === "string" ? item : typeof item === "number" ? String(item) : undefined;
      if (text !== undefined && kind && kind !== "secret" && text.length >= MIN_PERSONAL_LENGTH_TO_MASK) into.push([text, maskValue(kind, text)]);
      else personalValuesIn(item, into, depth + 1);
    }
  }
  return into;
}

/**
 * Masks a call's own personal values wherever they appear in text meant for a log line: any case,
 * a number with separators between its digits, an e-mail with its `@` percent-encoded, and each
 * value percent-encoded or in base64 or base64url (src/known-values.ts). A server may repeat a
 * mobile number or a name inside its message, a request id or an error code.
 */
export function maskKnownPersonal(text: string, personal: readonly [string, string][]): string {
  if (personal.length === 0) return text;
  const values: KnownValue[] = personal.flatMap(([value, masked]) => [
    { value, replacement: masked, spelled: true },
    ...withEncodedForms(value)
      .slice(1)
      .map((form) => ({ value: form, replacement: masked })),
  ]);
  return replaceKnown(text, values, REDACTED);
}

/** How much of a server's id or code is recorded: PayWise's are UUIDs and short codes. */
const MAX_RECORDED_ID_LENGTH = 128;

/**
 * A server's id or code (a request id, an error code) as a log line, a span, a hook's event or the
 * command line records it: the call's secrets and personal values masked in it as in any server
 * text, on one line, and at most MAX_RECORDED_ID_LENGTH characters. A UUID or an opaque id comes
 * out as it came: support needs it.
 */
export function recordedId(value: string, secrets: readonly string[], personal: readonly [string, string][]): string {
  const shown = printable(maskKnownPersonal(scrubText(value, secrets), personal));
  return shown.length > MAX_RECORDED_ID_LENGTH ? `${shown.slice(0, MAX_RECORDED_ID_LENGTH)}…` : shown;
}

/**
 * A deep copy of a JSON value with secrets redacted (by field name, and by known value in strings
 * and property names) and, when `maskPersonal` is set, personal data masked. Parts nested deeper
 * than MAX_JSON_DEPTH become TRUNCATED. Objects are built with Object.fromEntries, which defines
 * each key as an own property: a `"__proto__"` key stays data, as JSON.parse made it, and never
 * becomes the copy's prototype (issue 10).
 */
export function redact(value: unknown, secrets: readonly string[], maskPersonal: boolean, fieldName?: string): unknown {
  const scrub = scrubber(secrets);
  const walk = (item: unknown, name: string | undefined, depth: number): unknown => {
    const kind = name === undefined ? undefined : sensitiveKind(name);
    // A number or boolean under a sensitive name (a mobile number sent as a number) is masked too.
    const scalar = typeof item === "string" || typeof item === "number" || typeof item === "boolean" || typeof item === "bigint";
    if (scalar && (kind === "secret" || (kind && maskPersonal))) return maskValue(kind, String(item));
    if (typeof item === "string") return scrub(item);
    if (item === null || typeof item !== "object") return item;
    if (depth >= MAX_JSON_DEPTH) return TRUNCATED;
    if (Array.isArray(item)) return item.map((element) => walk(element, name, depth + 1));
    return Object.fromEntries(Object.entries(item).map(([key, element]) => [scrub(key), walk(element, key, depth + 1)]));
  };
  return walk(value, fieldName, 0);
}

/** A URL fit for a log line: sensitive query values masked. */
export function maskUrl(url: string, secrets: readonly string[], pathTemplate?: string): string {
  const parsed = new URL(url);
  for (const [name, value] of [...parsed.searchParams]) {
    const kind = sensitiveKind(name);
    if (kind) parsed.searchParams.set(name, maskValue(kind, value));
  }
  if (pathTemplate?.includes("{")) parsed.pathname = maskPath(parsed.pathname, pathTemplate);
  return scrubText(parsed.toString(), secrets);
}

/**
 * A request path with each path parameter masked by its name, as a query parameter of that name
 * would be (issue 21). The template (`/statements/{statement_id}`) is the path's last segments;
 * a baseUrl's prefix comes before them.
 */
export function maskPath(pathname: string, pathTemplate: string): string {
  const segments = pathname.split("/");
  const template = pathTemplate.split("/");
  const offset = segments.length - template.length;
  if (offset < 0) return pathname;
  template.forEach((part, index) => {
    const kind = /^\{([^{}]+)\}$/.exec(part) && sensitiveKind(part.slice(1, -1));
    if (!kind) return;
    let value = segments[offset + index]!;
    try {
      value = decodeURIComponent(value);
    } catch {
      // Not valid percent-encoding: masked as it came.
    }
    segments[offset + index] = encodeURIComponent(maskValue(kind, value));
  });
  return segments.join("/");
}

/** Headers fit for a log line or an error: secrets redacted (names too), personal data masked if asked. */
export function redactHeaders(headers: Headers | Readonly<Record<string, string>>, secrets: readonly string[], maskPersonal: boolean): Record<string, string> {
  const scrub = scrubber(secrets);
  const entries: [string, string][] = [];
  const add = (value: string, name: string) => {
    const kind = sensitiveKind(name);
    entries.push([scrub(name), kind === "secret" || (kind && maskPersonal) ? maskValue(kind, value) : scrub(value)]);
  };
  if (headers instanceof Headers) headers.forEach(add);
  else for (const [name, value] of Object.entries(headers)) add(value, name);
  return Object.fromEntries(entries);
}

/** How many causes deep a fetch failure is copied; undici nests two or three. */
const MAX_CAUSE_DEPTH = 5;

/**
 * A copy of a fetch failure fit for error.cause: each cause's name, code and message (scrubbed),
 * and its stack frames, but none of its other properties. undici keeps the raw bytes of a malformed
 * answer (a bad status line, header or chunk size) in a parse error's `data`, and console.log(error)
 * would print them. The codes stay, so retry.ts can still tell a refusal from a reset.
 */
export function sanitizeCause(cause: unknown, secrets: readonly string[]): unknown {
  const scrub = scrubber(secrets);
  const copy = (original: unknown, level: number): unknown => {
    if (typeof original === "string") return scrub(original);
    if (original === null || typeof original !== "object") return original;
    if (level >= MAX_CAUSE_DEPTH) return undefined;
    const { name, message, code, stack, cause: inner, errors } = original as Record<string, unknown>;
    const clean = new Error(typeof message === "string" ? printable(scrub(message)) : "") as Error & { code?: unknown; errors?: unknown };
    clean.name = typeof name === "string" ? scrub(name) : "Error";
    if (typeof code === "string" || typeof code === "number") clean.code = typeof code === "string" ? scrub(code) : code;
    const frames = typeof stack === "string" ? stack.split("\n").filter((line) => /^\s+at /.test(line)) : [];
    clean.stack = scrub([`${clean.name}: ${clean.message}`, ...frames].join("\n"));
    // As on the originals: own, not enumerable, so JSON.stringify skips them and inspect shows them.
    if (inner !== undefined) Object.defineProperty(clean, "cause", { value: copy(inner, level + 1), configurable: true, writable: true });
    if (Array.isArray(errors)) Object.defineProperty(clean, "errors", { value: errors.map((error) => copy(error, level + 1)), configurable: true, writable: true });
    return clean;
  };
  return copy(cause, 0);
}
