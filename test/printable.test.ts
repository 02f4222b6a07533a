// Server text in error messages and log lines stays one line and reads as its bytes do (issue 15).
import { describe, expect, it } from "vitest";
import { printable } from "../src/printable";

describe("printable", () => {
  it("escapes CR, LF and tab by name", () => {
    expect(printable("a\r\nb\tc")).toBe("a\\r\\nb\\tc");
  });

  it("escapes every other C0 control, DEL and every C1 control", () => {
    for (let code = 0; code <= 0x9f; code++) {
      if (code >= 0x20 && code < 0x7f) continue;
      const out = printable(`x${String.fromCharCode(code)}y`);
      expect(out, `U+${code.toString(16)}`).toMatch(/^x\\[nrt]y$|^x\\u00[0-9a-f]{2}y$/);
    }
    expect(printable("\u001b[31mred")).toBe("\\u001b[31mred");
  });

  it("escapes line separators and bidi controls", () => {
    for (const code of [0x2028, 0x2029, 0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      expect(printable(`a${String.fromCharCode(code)}b`), `U+${code.toString(16)}`).toBe(`a\\u${code.toString(16).padStart(4, "0")}b`);
    }
  });

  it("leaves printable text as it is, accents, emoji and backslashes included", () => {
    const text = "Ça va? Payé 100 TTD 👍 C:\\path (ok)";
    expect(printable(text)).toBe(text);
  });
});
