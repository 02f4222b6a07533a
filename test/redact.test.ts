// What may be shown of a value: secrets removed everywhere, personal data masked in logs, by the
// built-in baseline of secret names, the generated marks (SENSITIVE_FIELDS) and known secret values.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { SENSITIVE_FIELDS } from "../generated/current";
import { contractVersion } from "./helpers/spec";
import {
  BASELINE_SECRET_NAMES,
  MAX_JSON_DEPTH,
  REDACTED,
  TRUNCATED,
  maskUrl,
  maskValue,
  personalValuesIn,
  redact,
  redactHeaders,
  sanitizeCause,
  scrubText,
  secretHeaderValues,
  secretValuesIn,
  sensitiveKind,
  sensitiveKindsFrom,
} from "../src/redact";

const KEY = "sk5ecretKEY000000000000000000zq9";
const TOKEN = "sessTOKENqv7xw31";

describe("sensitiveKind", () => {
  it("follows the contract's marks, ignoring case as header names do", () => {
    expect(sensitiveKind("PW-subscription-key")).toBe("secret");
    expect(sensitiveKind("pw-SUBSCRIPTION-key")).toBe("secret");
    expect(sensitiveKind("session_token")).toBe("secret");
    expect(sensitiveKind("mobile_number")).toBe("identifier");
    expect(sensitiveKind("institution_name")).toBeUndefined();
  });

  it("knows every field the contract marks", () => {
    for (const [name, kind] of Object.entries(SENSITIVE_FIELDS)) expect(sensitiveKind(name)).toBe(kind);
  });
});

describe("the baseline of secret names", () => {
  const noMarks = sensitiveKindsFrom({});

  it("makes the known secrets secret with no marks at all, in any case", () => {
    for (const name of ["PW-subscription-key", "pw-subscription-key", "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "session_token", "SESSION_TOKEN", "authorisation_token"]) {
      expect(noMarks(name), name).toBe("secret");
    }
    expect([...BASELINE_SECRET_NAMES].map(noMarks)).toEqual([...BASELINE_SECRET_NAMES].map(() => "secret"));
  });

  it("makes credential-like names secret: token, secret, password, api and subscription keys, authorization", () => {
    for (const name of ["refresh_token", "X-Auth-Token", "accessToken", "client_secret", "password", "db_passwd", "x-api-key", "apiKey", "API_KEY", "subscription-key", "Ocp-Apim-Subscription-Key", "x-authorisation", "credentials"]) {
      expect(noMarks(name), name).toBe("secret");
    }
  });

  it("leaves the contract's ordinary fields and headers alone", () => {
    for (const name of ["institution_name", "lookup_type", "account_status", "challengeId", "ttl_seconds", "expires_at", "error_code", "PW-request-id", "PW-origin-country", "User-Agent", "content-type", "www-authenticate", "keyword"]) {
      expect(noMarks(name), name).toBeUndefined();
    }
  });

  it("lets marks add kinds but never turn a baseline secret into something shown", () => {
    const kindOf = sensitiveKindsFrom({ session_token: "identifier", "PW-subscription-key": "name", mobile_number: "identifier", nickname: "name" });
    expect(kindOf("session_token")).toBe("secret");
    expect(kindOf("pw-subscription-key")).toBe("secret");
    expect(kindOf("mobile_number")).toBe("identifier");
    expect(kindOf("NICKNAME")).toBe("name");
  });

  it("reads a mark of a kind it does not know as a secret", () => {
    expect(sensitiveKindsFrom({ pin: "very-private" })("pin")).toBe("secret");
  });
});

describe("maskValue", () => {
  it("masks an identifier the way the API does, keeping the last four", () => {
    expect(maskValue("identifier", "18681112220")).toBe("******2220");
    expect(maskValue("identifier", "1234")).toBe("****");
  });

  it("keeps a name's first letter and an e-mail's first letter and domain", () => {
    expect(maskValue("name", "Gilbert")).toBe("G***");
    expect(maskValue("email", "icon.gilbert@example.com")).toBe("i***@example.com");
    expect(maskValue("email", "not-an-email")).toBe("***");
  });

  it("redacts a secret whole", () => {
    expect(maskValue("secret", TOKEN)).toBe(REDACTED);
  });
});

describe("scrubText", () => {
  it("replaces every occurrence of every known secret", () => {
    expect(scrubText(`a ${KEY} b ${TOKEN} c ${KEY}`, [KEY, TOKEN])).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED}`);
  });

  it("replaces a secret that contains another as a whole", () => {
    const inner = "TOKENqv7";
    expect(scrubText(`x ${TOKEN} y`, [inner, TOKEN])).toBe(`x ${REDACTED} y`);
  });

  it("leaves very short values alone, as they would match by chance", () => {
    expect(scrubText("code 1234 ok", ["1234"])).toBe("code 1234 ok");
  });

  it("ignores case, as HTTP lower-cases a secret echoed as a header name", () => {
    expect(scrubText(`x-${KEY.toLowerCase()}: 1`, [KEY])).toBe(`x-${REDACTED}: 1`);
  });

  it("treats a secret's regular-expression characters literally", () => {
    expect(scrubText("a (x+y)*$ b x+y", ["(x+y)*$"])).toBe(`a ${REDACTED} b x+y`);
  });
});

describe("secretHeaderValues", () => {
  it("takes credential headers whole, without their scheme, and cookie by cookie", () => {
    const headers = { "PW-subscription-key": KEY, Authorization: "Bearer bearerTOKEN123", "Proxy-Authorization": "Basic cHJveHk6cGFzcw==", Cookie: "sid=cookieVALUE1; theme=dark", "X-Tenant": "acme" };
    expect(secretHeaderValues(headers)).toEqual([KEY, "Bearer bearerTOKEN123", "bearerTOKEN123", "Basic cHJveHk6cGFzcw==", "cHJveHk6cGFzcw==", "sid=cookieVALUE1; theme=dark", "cookieVALUE1", "dark"]);
  });
});

describe("redact", () => {
  const body = {
    message: `echo ${KEY}`,
    session_token: TOKEN,
    data: { authorisation_token: "any", mobile_number: "18681112220", first_name: "Icon", email: "icon.gilbert@example.com", list: [KEY] },
  };

  it("removes secrets by field name and by value, and leaves personal data for errors", () => {
    expect(redact(body, [KEY], false)).toEqual({
      message: `echo ${REDACTED}`,
      session_token: REDACTED,
      data: { authorisation_token: REDACTED, mobile_number: "18681112220", first_name: "Icon", email: "icon.gilbert@example.com", list: [REDACTED] },
    });
  });

  it("also masks personal data for logs", () => {
    expect(redact(body, [KEY], true)).toMatchObject({
      data: { mobile_number: "******2220", first_name: "I***", email: "i***@example.com" },
    });
  });

  it("masks a sensitive field that holds a number rather than a string", () => {
    expect(redact({ mobile_number: 18681112220, session_token: 12345678 }, [], true)).toEqual({ mobile_number: "******2220", session_token: REDACTED });
    expect(redact({ session_token: 12345678 }, [], false)).toEqual({ session_token: REDACTED });
  });

  it("masks every item of an array under a sensitive name", () => {
    expect(redact({ email: ["ann@example.com", "bob@example.com"] }, [], true)).toEqual({ email: ["a***@example.com", "b***@example.com"] });
  });

  it("scrubs known secrets used as property names", () => {
    expect(redact({ [KEY]: { [`x${KEY}`]: 1 } }, [KEY], false)).toEqual({ [REDACTED]: { [`x${REDACTED}`]: 1 } });
  });

  it("redacts credential-like names the marks do not know", () => {
    expect(redact({ data: { api_key: "k-123456", refresh_token: "r-123456", note: "kept" } }, [], false)).toEqual({ data: { api_key: REDACTED, refresh_token: REDACTED, note: "kept" } });
  });

  it("replaces what is nested deeper than the cap, without overflowing the stack at 100,000 levels", () => {
    for (const text of ["[".repeat(100_000) + "]".repeat(100_000), '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000)]) {
      const copy = redact(JSON.parse(text), [], true);
      let node: unknown = copy;
      for (let level = 0; level < MAX_JSON_DEPTH; level++) node = Array.isArray(node) ? node[0] : (node as { a: unknown }).a;
      expect(node).toBe(TRUNCATED);
      expect(() => inspect(copy, { depth: Infinity })).not.toThrow();
    }
  });

  it("keeps a __proto__ key as an own data property of the copy, never its prototype", () => {
    const copy = redact(JSON.parse('{"__proto__":{"polluted":true},"data":{"__proto__":[1]}}'), [], false) as Record<string, any>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(copy.data)).toBe(Object.prototype);
    expect("polluted" in copy).toBe(false);
    expect(Object.getOwnPropertyDescriptor(copy, "__proto__")?.value).toEqual({ polluted: true });
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":true},"data":{"__proto__":[1]}}');
  });

  it("does not change its input", () => {
    const copy = structuredClone(body);
    redact(body, [KEY], true);
    expect(body).toEqual(copy);
  });
});

describe("secretValuesIn and personalValuesIn", () => {
  it("stop at the depth cap instead of overflowing the stack", () => {
    const deep = JSON.parse('{"a":'.repeat(100_000) + "1" + "}".repeat(100_000));
    expect(secretValuesIn(deep)).toEqual([]);
    expect(personalValuesIn(deep)).toEqual([]);
  });

  it("find values under credential-like names with no marks needed", () => {
    expect(secretValuesIn({ data: { session_token: TOKEN, api_key: "apikey-value", note: "n" } })).toEqual([TOKEN, "apikey-value"]);
  });
});

describe("sanitizeCause", () => {
  function parserFailure(): Error {
    const parser = Object.assign(new Error("Response does not match the HTTP/1.1 protocol (Invalid response status)"), {
      name: "HTTPParserError",
      code: "HPE_INVALID_STATUS",
      data: `x0 ${KEY}\r\n`,
    });
    return new TypeError("fetch failed", { cause: parser });
  }

  it("keeps names, codes, scrubbed messages and frames, and drops the raw bytes", () => {
    const clean = sanitizeCause(parserFailure(), [KEY]) as Error & { cause: Error & { code: string } };
    expect(clean).toBeInstanceOf(Error);
    expect(clean.name).toBe("TypeError");
    expect(clean.message).toBe("fetch failed");
    expect(clean.cause.name).toBe("HTTPParserError");
    expect(clean.cause.code).toBe("HPE_INVALID_STATUS");
    expect(clean.cause).not.toHaveProperty("data");
    expect(clean.stack).toMatch(/^TypeError: fetch failed\n\s+at /);
    expect(inspect(clean, { showHidden: true, depth: Infinity })).not.toContain(KEY);
  });

  it("scrubs a message that carries a secret and keeps the codes of an aggregate's errors", () => {
    const refused = Object.assign(new AggregateError([Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })], `to ${KEY}`), { code: "ECONNREFUSED" });
    const clean = sanitizeCause(new TypeError("fetch failed", { cause: refused }), [KEY]) as Error & { cause: Error & { code: string; errors: { code: string }[] } };
    expect(clean.cause.message).toBe(`to ${REDACTED}`);
    expect(clean.cause.code).toBe("ECONNREFUSED");
    expect(clean.cause.errors.map((error) => error.code)).toEqual(["ECONNREFUSED"]);
  });
});

describe("maskUrl", () => {
  it("masks sensitive query values and leaves the rest", () => {
    const url = `https://api.paywise.test/account/account?mobile_number=18681112220&institution_name=PayWiseDAP&first_name=Icon&email=icon.gilbert%40example.com&version=${contractVersion}`;
    const masked = maskUrl(url, []);
    expect(masked).toContain("mobile_number=******2220");
    expect(masked).toContain("first_name=I***");
    expect(masked).toContain("institution_name=PayWiseDAP");
    expect(masked).toContain(`version=${contractVersion}`);
    expect(decodeURIComponent(masked)).toContain("email=i***@example.com");
    expect(decodeURIComponent(masked)).not.toMatch(/18681112220|Icon|icon\.gilbert/);
  });

  it("scrubs a known secret wherever it sits in the URL", () => {
    expect(maskUrl(`https://api.paywise.test/x?trace=${KEY}`, [KEY])).not.toContain(KEY);
  });
});

describe("redactHeaders", () => {
  it("redacts the key header and known secret values, masking personal data only if asked", () => {
    const headers = new Headers({ "PW-subscription-key": KEY, "x-echo": `got ${TOKEN}`, mobile_number: "18681112220" });
    expect(redactHeaders(headers, [TOKEN], false)).toEqual({ "pw-subscription-key": REDACTED, "x-echo": `got ${REDACTED}`, mobile_number: "18681112220" });
    expect(redactHeaders(headers, [TOKEN], true)).toMatchObject({ mobile_number: "******2220" });
  });

  it("scrubs a known secret used as a header name", () => {
    expect(redactHeaders(new Headers({ [KEY]: "1", "x-other": "2" }), [KEY], false)).toEqual({ [REDACTED]: "1", "x-other": "2" });
  });

  it("redacts HTTP's own credential headers, which the contract does not mark", () => {
    const headers = new Headers({ Authorization: "Bearer proxy-token", "Proxy-Authorization": "Basic abc", Cookie: "sid=1", "Set-Cookie": "sid=2", "X-Tenant": "acme" });
    expect(redactHeaders(headers, [], false)).toEqual({
      authorization: REDACTED,
      "proxy-authorization": REDACTED,
      cookie: REDACTED,
      "set-cookie": REDACTED,
      "x-tenant": "acme",
    });
  });
});
