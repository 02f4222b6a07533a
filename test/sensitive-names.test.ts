// The one list of credential and personal names (issue 15, item 2), shared by the runtime's
// baseline and the generator's defaults: payment credentials are secrets in every spelling, and
// ordinary words that merely contain a short credential word are not.
import { describe, expect, it } from "vitest";
import { isCredentialName, kindOfName, nameWords, normalName, personalKindOfName } from "../src/sensitive-names";

describe("nameWords", () => {
  it("splits every spelling of a name into the same words", () => {
    for (const spelling of ["sessionId", "session_id", "Session-ID", "SESSION.ID", "SessionID", "session id"]) {
      expect(nameWords(spelling), spelling).toEqual(["session", "id"]);
    }
    expect(nameWords("APIKey")).toEqual(["api", "key"]);
    expect(normalName("Mobile-Number")).toBe("mobile_number");
  });
});

describe("isCredentialName", () => {
  it("knows the payment credentials, in any case and spelling", () => {
    const names = [
      "pin", "PIN", "atm_pin", "pinCode", "pin-block", "mpin",
      "otp", "OTP_CODE", "otpCode", "totp",
      "cvv", "CVV2", "cvc", "card_cvv", "security_code", "securityCode",
      "card_number", "cardNumber", "Card-Number", "CARDNUMBER", "pan",
      "jwt", "id_jwt", "x-jwt-assertion",
      "bearer", "bearer_token",
      "signature", "X-Signature", "hmac_signature",
      "session_id", "sessionId", "SESSION-ID", "sid",
      "password", "passwd", "pwd", "new_password", "passPhrase", "passcode", "PASSWORD_CONFIRMATION",
      "refresh_token", "X-Auth-Token", "client_secret", "x-api-key", "apiKey", "Ocp-Apim-Subscription-Key", "credentials",
    ];
    for (const name of names) expect(isCredentialName(name), name).toBe(true);
  });

  it("leaves ordinary names alone, even those holding a short credential word inside a word", () => {
    const names = [
      "shipping", "mapping", "spinner", "opinion", "company", "panel", "expand", "options", "hotpath",
      "institution_name", "lookup_type", "account_status", "challengeId", "ttl_seconds", "expires_at", "error_code",
      "PW-request-id", "PW-origin-country", "User-Agent", "content-type", "www-authenticate", "keyword", "session_ttl",
    ];
    for (const name of names) expect(isCredentialName(name), name).toBe(false);
  });
});

describe("personalKindOfName", () => {
  it("knows personal fields in any spelling", () => {
    expect(personalKindOfName("EMAIL")).toBe("email");
    expect(personalKindOfName("e-mail")).toBe("email");
    expect(personalKindOfName("emailAddress")).toBe("email");
    expect(personalKindOfName("Mobile-Number")).toBe("identifier");
    expect(personalKindOfName("PHONE")).toBe("identifier");
    expect(personalKindOfName("accountNumber")).toBe("identifier");
    expect(personalKindOfName("date_of_birth")).toBe("identifier");
    expect(personalKindOfName("FirstName")).toBe("name");
    expect(personalKindOfName("sender_last_name")).toBe("name");
    expect(personalKindOfName("institution_name")).toBeUndefined();
    expect(personalKindOfName("lookup_type")).toBeUndefined();
  });

  it("never lets a personal reading hide a credential: the secret wins", () => {
    expect(kindOfName("email_otp")).toBe("secret");
    expect(kindOfName("phone_pin")).toBe("secret");
    expect(kindOfName("email")).toBe("email");
  });
});
