// Which names say "credential" and which say "personal data", in one place (issue 15): the
// runtime's baseline (src/redact.ts) and the generator's defaults (scripts/lib/sensitive.mjs) both
// read this module, so a field the contract adds is treated the same way by both. No imports: the
// generator loads this file on its own.

/** How a sensitive value is shown in logs. `secret` is also removed from errors. */
export type SensitiveKind = "secret" | "identifier" | "name" | "email";
/** Every kind, in the order messages list them. */
export const SENSITIVE_KINDS: readonly SensitiveKind[] = ["secret", "identifier", "name", "email"];
/** The kinds of personal data (shown masked in logs, left in errors). */
export type PersonalKind = Exclude<SensitiveKind, "secret">;

/**
 * Secrets every PayWise call may carry, by exact wire name (any case), whatever the generated marks
 * say (issue 9): PayWise publishes its contract without our marks, so a spec bump, or an overlay
 * that loses a mark, must not put the key or a token into a log.
 */
export const BASELINE_SECRET_NAMES: ReadonlySet<string> = new Set([
  "pw-subscription-key",
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "session_token",
  "authorisation_token",
]);

/**
 * Parts of a word that name a credential wherever they sit in it (`accessToken`, `xsrftoken`,
 * `client_secret`, `db_passwd`, `apikey`): long and particular enough not to turn up inside an
 * ordinary word.
 */
const CREDENTIAL_INFIXES = [
  "token",
  "secret",
  "password",
  "passwd",
  "passphrase",
  "passcode",
  "credential",
  "authorization",
  "authorisation",
  "cookie",
  "signature",
  "bearer",
  "jwt",
  "apikey",
  "accesskey",
  "privatekey",
  "subscriptionkey",
  "sessionid",
  "cardnumber",
  "cvv",
  "cvc",
];

/**
 * Whole words that name a credential, and only as a whole word: `pin` is a PIN, but `shipping`
 * and `mapping` are not; `pan` is a card's primary account number, `company` is not.
 */
const CREDENTIAL_WORDS: ReadonlySet<string> = new Set(["pin", "mpin", "otp", "totp", "hotp", "pwd", "pan", "cvn", "sid", "csc"]);

/** Two words in a row that name a credential (`x-api-key`, `card_number`, `sessionId`). */
const CREDENTIAL_PAIRS: ReadonlySet<string> = new Set([
  "api key",
  "access key",
  "private key",
  "secret key",
  "subscription key",
  "session id",
  "card number",
  "security code",
  "card verification",
  "verification code",
  "auth code",
  "pass word",
  "pass phrase",
  "pass code",
]);

/** Whole words that name personal data, with the way each is masked. */
const PERSONAL_WORDS: ReadonlyMap<string, PersonalKind> = new Map<string, PersonalKind>([
  ["email", "email"],
  ["mail", "email"],
  ["mobile", "identifier"],
  ["phone", "identifier"],
  ["telephone", "identifier"],
  ["msisdn", "identifier"],
  ["iban", "identifier"],
  ["ssn", "identifier"],
  ["passport", "identifier"],
  ["dob", "identifier"],
  ["birthdate", "identifier"],
  ["surname", "name"],
  ["firstname", "name"],
  ["lastname", "name"],
  ["fullname", "name"],
  ["givenname", "name"],
  ["familyname", "name"],
  ["displayname", "name"],
  ["cardholder", "name"],
]);

/** Two words in a row that name personal data (`first_name`, `account-number`, `E_MAIL`). */
const PERSONAL_PAIRS: ReadonlyMap<string, PersonalKind> = new Map<string, PersonalKind>([
  ["e mail", "email"],
  ["first name", "name"],
  ["last name", "name"],
  ["middle name", "name"],
  ["full name", "name"],
  ["given name", "name"],
  ["family name", "name"],
  ["display name", "name"],
  ["maiden name", "name"],
  ["holder name", "name"],
  ["account number", "identifier"],
  ["national id", "identifier"],
  ["tax id", "identifier"],
  ["birth date", "identifier"],
  ["of birth", "identifier"],
]);

const isUpper = (code: number) => code >= 65 && code <= 90;
const isLower = (code: number) => code >= 97 && code <= 122;
const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * The words of a name, lower-cased, whatever its spelling: `sessionId`, `session_id`,
 * `Session-ID` and `SESSION.ID` all give ["session", "id"]; `APIKey` gives ["api", "key"].
 * A word starts at a capital after a small letter or digit (`sessionId`), and at the last capital
 * of a run that a small letter follows (`APIKey`). One pass over the name, not a pattern: names
 * come from servers, and `/([A-Z]+)([A-Z][a-z])/g` took seconds on a key of 63,000 capitals (issue 28).
 */
export function nameWords(name: string): string[] {
  let spaced = "";
  let from = 0;
  for (let index = 1; index < name.length; index++) {
    const code = name.charCodeAt(index);
    if (!isUpper(code)) continue;
    const before = name.charCodeAt(index - 1);
    const wordEnds = isLower(before) || isDigit(before);
    const acronymEnds = isUpper(before) && isLower(name.charCodeAt(index + 1));
    if (wordEnds || acronymEnds) {
      spaced += `${name.slice(from, index)} `;
      from = index;
    }
  }
  spaced += name.slice(from);
  return spaced
    .toLowerCase()
    .split(/[^a-z\d]+/)
    .filter((word) => word !== "");
}

/** A name reduced to its words joined by `_`, so that marks match every spelling of a name. */
export function normalName(name: string): string {
  return nameWords(name).join("_");
}

function pairsOf(words: readonly string[]): string[] {
  return words.slice(1).map((word, index) => `${words[index]} ${word}`);
}

/** Whether a name (field, query parameter or header, any spelling) names a credential. */
export function isCredentialName(name: string): boolean {
  const words = nameWords(name);
  if (BASELINE_SECRET_NAMES.has(name.toLowerCase())) return true;
  if (words.some((word) => CREDENTIAL_WORDS.has(word) || CREDENTIAL_INFIXES.some((infix) => word.includes(infix)))) return true;
  return pairsOf(words).some((pair) => CREDENTIAL_PAIRS.has(pair));
}

/** The kind of personal data a name says it holds, if any (credentials aside). */
export function personalKindOfName(name: string): PersonalKind | undefined {
  const words = nameWords(name);
  for (const pair of pairsOf(words)) {
    const kind = PERSONAL_PAIRS.get(pair);
    if (kind) return kind;
  }
  for (const word of words) {
    const kind = PERSONAL_WORDS.get(word);
    if (kind) return kind;
  }
  return undefined;
}

/** What a name alone says of its value: a secret, personal data of a kind, or nothing. */
export function kindOfName(name: string): SensitiveKind | undefined {
  return isCredentialName(name) ? "secret" : personalKindOfName(name);
}
