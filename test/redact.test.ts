// What may be shown of a value: secrets removed everywhere, personal data masked in logs, by the
// contract's x-pw-sensitive marks (the generated SENSITIVE_FIELDS) and by known secret values.
import { describe, expect, it } from "vitest";
import { SENSITIVE_FIELDS } from "../generated/current";
import { REDACTED, maskUrl, maskValue, redact, redactHeaders, scrubText, sensitiveKind } from "../src/redact";

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

  it("does not change its input", () => {
    const copy = structuredClone(body);
    redact(body, [KEY], true);
    expect(body).toEqual(copy);
  });
});

describe("maskUrl", () => {
  it("masks sensitive query values and leaves the rest", () => {
    const url = "https://api.paywise.test/account/account?mobile_number=18681112220&institution_name=PayWiseDAP&first_name=Icon&email=icon.gilbert%40example.com&version=2024-10-01";
    const masked = maskUrl(url, []);
    expect(masked).toContain("mobile_number=******2220");
    expect(masked).toContain("first_name=I***");
    expect(masked).toContain("institution_name=PayWiseDAP");
    expect(masked).toContain("version=2024-10-01");
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
