// Issue 30, item 1: hey-api's printer turns every `\uXXXX` of the zod module it prints into the raw
// character, so a contract's line separator or bidi override would reach generated/ raw, a lone
// surrogate would be written as U+FFFD, and a value holding `\u0041` (six characters) would become
// "A". The generator writes the contract's strings and patterns so that the printer finds no such
// escape (scripts/lib/zod-literals.mjs, code-text.mjs), through hey-api's own hooks. A small contract
// with such text in enum values (closed, and open in an answer), consts, defaults, patterns and a
// description goes through hey-api in-process; the module it writes is bundled and imported.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zodFor } from "../../scripts/generate.mjs";
import { openAnswers } from "../../scripts/lib/open-answers.mjs";

const SENTINEL = "__pwZodEscapesRan";
/** Generating, bundling and importing; hey-api alone takes a few seconds on a loaded machine. */
const GENERATION_TIMEOUT = 120_000;

/** Values hey-api's printer would write raw or change. */
const VALUES: Record<string, string> = {
  "a line separator": "line\u2028break\u2029",
  "a bidi override": "gnp\u202e.exe",
  "a control character": "bell\u0007 esc\u001b[31m",
  "a lone surrogate": "half \ud800 a pair",
  "backslash-u text": "\\u0041 \\\\u002f \\u{41}",
};

/** Patterns, with strings that tell the contract's meaning from what the printer would make of it. */
const PATTERNS: Record<string, { pattern: string; samples: string[] }> = {
  "a line separator": { pattern: "^a\u2028b$", samples: ["a\u2028b", "ab"] },
  "a bidi override": { pattern: "^\u202e+x$", samples: ["\u202e\u202ex", "x"] },
  "a control character": { pattern: "^\u0007\u001b$", samples: ["\u0007\u001b", "\u0007"] },
  "a lone surrogate": { pattern: "^a\ud800$", samples: ["a\ud800", "a\ufffd"] },
  // Printed raw, `\u005c` would escape the `$`; `\u002f` would end the literal and run what follows it.
  "the escape \\u005c (a backslash)": { pattern: "^\\u005c$", samples: ["\\", "$"] },
  "the escape \\u002f (a slash)": { pattern: `^a\\u002f, globalThis.${SENTINEL} = "pattern", \\u002f$`, samples: [`a/, globalThis.${SENTINEL} = "pattern", /`, "a"] },
  "an escaped backslash before u0041": { pattern: "^\\\\u0041$", samples: ["\\u0041", "A"] },
  "escapes of visible characters": { pattern: "^[\\u00c0-\\u00ff]é\\u002a$", samples: ["Àé*", "Aé*", "Àé"] },
  // hey-api gives a pattern with \p{…} the u flag.
  "a property escape and a bidi override": { pattern: "^\\p{Lu}\u202e\\u00e9$", samples: ["É\u202eé", "e\u202eé"] },
};

const cases = Object.entries(VALUES);
const patterns = Object.entries(PATTERNS);

/** The contract: a request schema with every value and pattern, and an answer with the values as an open enum. */
const contract = {
  openapi: "3.1.0",
  info: { title: "zod escapes", version: "1" },
  paths: {
    "/probe": {
      post: {
        operationId: "probe",
        requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Sent" } } } },
        responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Received" } } } } },
      },
    },
  },
  components: {
    schemas: {
      Sent: {
        type: "object",
        // Printed raw, `*\u002f` would end the schema's doc comment and run what follows it.
        description: `ends *\\u002f globalThis.${SENTINEL} = "comment"; \\u002f* and \u2028\u202e`,
        properties: Object.fromEntries([
          ...cases.flatMap(([, value], i) => [
            [`enum${i}`, { type: "string", enum: [value], description: value }],
            [`const${i}`, { type: "string", const: value }],
            [`default${i}`, { type: "string", default: value }],
          ]),
          ...patterns.map(([, { pattern }], i) => [`pattern${i}`, { type: "string", pattern }]),
        ]),
      },
      Received: {
        type: "object",
        properties: Object.fromEntries(cases.map(([, value], i) => [`open${i}`, { type: "string", enum: [value, "other"] }])),
      },
    },
  },
};

interface Schema {
  safeParse(value: unknown): { success: boolean; data?: unknown };
}

let dir: string;
let text: string;
let zod: Record<string, Schema>;

beforeAll(async () => {
  ({ text } = await zodFor(openAnswers(contract)));
  dir = await mkdtemp(join(tmpdir(), "pw-zod-escapes-"));
  // Bundled as if it sat in this folder, two levels below the repository as generated/<contract>/ is, so that its imports of src/ resolve.
  const built = await build({
    stdin: { contents: text, loader: "ts", resolveDir: fileURLToPath(new URL(".", import.meta.url)), sourcefile: "zod.ts" },
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
    logLevel: "silent",
  });
  const file = join(dir, "zod.mjs");
  await writeFile(file, built.outputFiles[0]!.contents);
  zod = await import(pathToFileURL(file).href);
}, GENERATION_TIMEOUT);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  delete (globalThis as Record<string, unknown>)[SENTINEL];
});

/** The request schema's verdict on an object. */
const sent = (fields: Record<string, unknown>) => zod.zSent!.safeParse(fields);

describe("the zod module hey-api prints from a contract with escapes in its text", () => {
  it("holds no line separator, control, bidi character or lone surrogate", () => {
    expect(text).not.toMatch(/[\r\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\p{Cs}/u);
  });

  it("runs nothing of the contract's: its text stays in comments and strings", () => {
    const identifiers = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) identifiers.add(node.text);
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile("zod.ts", text, ts.ScriptTarget.Latest, true));
    expect(identifiers.has(SENTINEL)).toBe(false);
    // Every schema built: they are built on first use.
    for (const schema of Object.values(zod)) schema.safeParse({});
    expect(SENTINEL in globalThis).toBe(false);
  });

  it.each(cases.map(([name], i) => [name, i] as const))("keeps %s in an enum value, a const and an answer's open enum as the contract's value", (_, i) => {
    const value = VALUES[cases[i]![0]]!;
    expect(sent({ [`enum${i}`]: value }).success).toBe(true);
    expect(sent({ [`enum${i}`]: `${value} ` }).success).toBe(false);
    expect(sent({ [`const${i}`]: value }).success).toBe(true);
    expect(sent({ [`const${i}`]: `${value} ` }).success).toBe(false);
    expect(zod.zReceived!.safeParse({ [`open${i}`]: value }).success).toBe(true);
    // An open enum passes a value the contract does not list only with an issue that marks it unlisted.
    expect(zod.zReceived!.safeParse({ [`open${i}`]: `${value} ` }).success).toBe(false);
  });

  it.each(cases.map(([name], i) => [name, i] as const))("keeps %s in a default as the contract's value", (_, i) => {
    const parsed = sent({});
    expect(parsed.success).toBe(true);
    expect((parsed.data as Record<string, unknown>)[`default${i}`]).toBe(VALUES[cases[i]![0]]);
  });

  it.each(patterns.map(([name], i) => [name, i] as const))("keeps a pattern with %s matching what the contract's matches", (name, i) => {
    const { pattern, samples } = PATTERNS[name]!;
    const expected = samples.map((sample) => new RegExp(pattern, "u").test(sample));
    // The samples tell a match from a miss, or the case would show nothing.
    expect(expected).toContain(true);
    expect(expected).toContain(false);
    expect(samples.map((sample) => sent({ [`pattern${i}`]: sample }).success)).toEqual(expected);
  });
});
