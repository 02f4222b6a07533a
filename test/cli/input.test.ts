// How a command line becomes the SDK's input: each flag typed as the contract types its field
// (the contract of today has only string fields, so the other types are checked on a command made
// here), --input as JSON, and no error that quotes what may be a token.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliCommand } from "../../src/cli/command";
import { commandInput, numberOrText, parseJson } from "../../src/cli/input";
import { commandOptions, parseFlags } from "../../src/cli/parse";
import { terminalJson } from "../../src/cli/terminal-text";
import { UsageError } from "../../src/cli/usage-error";
import { DESCRIPTORS } from "./helpers/cli-commands";

const typed: CliCommand = {
  resource: "things",
  command: "make",
  descriptor: DESCRIPTORS[0]!,
  summary: "",
  description: "",
  fields: [
    { field: "mobile_number", flag: "mobile-number", type: "string", required: true, description: "" },
    { field: "count", flag: "count", type: "integer", required: false, description: "" },
    { field: "amount", flag: "amount", type: "number", required: false, description: "" },
    { field: "single_use", flag: "single-use", type: "boolean", required: false, description: "" },
    { field: "tags", flag: "tags", type: "json", required: false, description: "" },
    { field: "__proto__", flag: "proto", type: "string", required: false, description: "" },
  ],
  options: [],
};
const noStdin = { readStdin: () => Promise.reject(new Error("stdin is not read here")) };
const parse = (args: string[]) => parseFlags(args, typed, [], "help");

describe("command input", () => {
  it("types each flag from the schema: a number-like string stays a string, numbers and booleans become values", async () => {
    const values = parse(["--mobile-number", "18681112220", "--count", "3", "--amount=-1.5e2", "--single-use", "--tags", '["a",1]']);
    expect(await commandInput(typed, values, noStdin)).toEqual({ mobile_number: "18681112220", count: 3, amount: -150, single_use: true, tags: ["a", 1] });
    expect(await commandInput(typed, parse(["--no-single-use"]), noStdin)).toEqual({ single_use: false });
    await expect(commandInput(typed, parse(["--single-use", "--no-single-use"]), noStdin)).rejects.toThrow(/contradict/);
  });

  it("passes text that is not a JSON number on as text, for the SDK to refuse by field", () => {
    for (const text of ["0x10", " 1", "Infinity", "1_000", "", "01"]) expect(numberOrText(text)).toBe(text);
    expect(numberOrText("0")).toBe(0);
  });

  it("lays the field flags over --input, inline, from a file or from stdin, and keeps a field named __proto__ a field", async () => {
    const dir = mkdtempSync(join(tmpdir(), "paywise-input-"));
    try {
      const file = join(dir, "input.json");
      writeFileSync(file, JSON.stringify({ mobile_number: "1", count: 1 }));
      expect(await commandInput(typed, parse(["--input", `@${file}`, "--count", "2"]), noStdin)).toEqual({ mobile_number: "1", count: 2 });
      expect(await commandInput(typed, parse(["--input", "-"]), { readStdin: async () => '{"amount": 2}' })).toEqual({ amount: 2 });
      const input = (await commandInput(typed, parse(["--input", "{}", "--proto", "x"]), noStdin)) as Record<string, unknown>;
      expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
      expect(Object.hasOwn(input, "__proto__")).toBe(true);
      await expect(commandInput(typed, parse(["--input", `@${join(dir, "missing.json")}`]), noStdin)).rejects.toThrow(/cannot read the file \(ENOENT\)/);
      await expect(commandInput(typed, parse(["--input", "[1]", "--count", "1"]), noStdin)).rejects.toThrow(/must be a JSON object/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says where JSON breaks without quoting it: it may hold a token", () => {
    const token = "tokSECRETq9z";
    let caught: unknown;
    try {
      parseJson(`{"session_token": ${token}}`, "--input");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toMatch(/^--input is not valid JSON/);
    expect((caught as Error).message).not.toContain(token);
  });

  it("refuses unknown flags and stray words by name, never by value", () => {
    expect(() => parse(["--nope=tokSECRETq9z"])).toThrow(/Unknown option '--nope'/);
    expect(() => parse(["--nope=tokSECRETq9z"])).not.toThrow(/tokSECRETq9z/);
    expect(() => parse(["tokSECRETq9z"])).toThrow(/not shown/);
    expect(() => parse(["tokSECRETq9z"])).not.toThrow(/tokSECRETq9z/);
    expect(Object.keys(commandOptions(typed))).toEqual(expect.arrayContaining(["single-use", "no-single-use", "count", "json", "input"]));
  });

  it("escapes in JSON output what a terminal would act on, and keeps the value", () => {
    const value = { text: "a\u009b31mred\u202eevil\u2028line\u001b[0m" };
    const shown = terminalJson(JSON.stringify(value));
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e\u2028]/);
    expect(JSON.parse(shown)).toEqual(value);
  });
});
