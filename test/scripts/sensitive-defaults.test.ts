// The generator's default marks come from the same list as the runtime's baseline
// (src/sensitive-names.ts, issue 15): a field or header that a new contract names like a credential
// or like personal data is in generated/…/sensitive.ts before anyone writes an overlay action.
import { describe, expect, it } from "vitest";
import { sensitiveFields } from "../../scripts/lib/sensitive.mjs";
import { kindOfName } from "../../src/sensitive-names";

/** A contract of one schema and one header parameter, marked as given. */
function contractWith(properties: Record<string, object>, header = "X-Otp"): object {
  return {
    openapi: "3.1.0",
    paths: { "/pay": { post: { parameters: [{ name: header, in: "header", schema: { type: "string" } }] } } },
    components: { schemas: { Payment: { type: "object", properties } } },
  };
}

describe("the generator's default marks", () => {
  it("mark unmarked fields and headers by what their names say, as the runtime reads them", () => {
    const names = ["pin", "card_number", "cvv", "otpCode", "contact_email", "PhoneNumber", "holder_first_name", "amount"];
    const fields = sensitiveFields(contractWith(Object.fromEntries(names.map((name) => [name, { type: "string" }]))), "test");
    for (const name of [...names, "X-Otp"]) {
      const kind = kindOfName(name);
      if (kind) expect(fields, name).toContain(`${JSON.stringify(name)}: ${JSON.stringify(kind)},`);
      else expect(fields, name).not.toContain(JSON.stringify(name));
    }
    expect(fields).toContain('"pin": "secret",');
    expect(fields).toContain('"contact_email": "email",');
    expect(fields).toContain('"X-Otp": "secret",');
    expect(fields).not.toContain('"amount"');
  });

  it("let a mark choose the kind of personal data, but never take a credential's secrecy away", () => {
    const fields = sensitiveFields(
      contractWith({ pin: { type: "string", "x-pw-sensitive": "identifier" }, mobile: { type: "string", "x-pw-sensitive": "name" } }),
      "test",
    );
    expect(fields).toContain('"pin": "secret",');
    expect(fields).toContain('"mobile": "name",');
  });
});
