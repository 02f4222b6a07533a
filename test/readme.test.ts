// The README is a newcomer's first code: every TypeScript snippet in it must compile as written
// (imports and client included), its list of documented answers must be the spec's, and its
// Prism install line must pin the version this package is tested with (issue 10, items 7 and 9).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { answerRows, readmeAnswerRows } from "../scripts/lib/readme-answers.mjs";
import { spec } from "./helpers/spec";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const EXAMPLES_DIR = join(ROOT, "examples");

/** The README's ```ts blocks, with the line each starts on. */
function typescriptSnippets(): { line: number; code: string }[] {
  const snippets: { line: number; code: string }[] = [];
  for (const match of README.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    snippets.push({ line: README.slice(0, match.index).split("\n").length + 1, code: match[1]! });
  }
  return snippets;
}

/** Type-checks real files and in-memory ones together, with examples/tsconfig.json's options ("@paywise/sdk" is src/). */
function typeCheck(virtualFiles: Map<string, string>, realFiles: string[]): string[] {
  const configPath = join(EXAMPLES_DIR, "tsconfig.json");
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const options = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath)).options;
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => virtualFiles.has(file) || fileExists.call(host, file);
  host.readFile = (file) => virtualFiles.get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = virtualFiles.get(file);
    return text === undefined ? getSourceFile.call(host, file, language, ...rest) : ts.createSourceFile(file, text, language, true);
  };
  const program = ts.createProgram([...virtualFiles.keys(), ...realFiles], { ...options, noEmit: true }, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file ? `${diagnostic.file.fileName.replace(ROOT, "")}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : "";
    return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
  });
}

describe("README.md", () => {
  it("has TypeScript snippets that compile as written, and examples/ compiles too", { timeout: 120_000 }, () => {
    const snippets = typescriptSnippets();
    expect(snippets.length).toBeGreaterThanOrEqual(7);
    // Each snippet is its own module: one that leans on a name from an earlier snippet fails here.
    const virtualFiles = new Map(snippets.map(({ line, code }) => [join(EXAMPLES_DIR, `README.md-line-${line}.ts`), code] as const));
    const examples = readdirSync(EXAMPLES_DIR)
      .filter((name) => name.endsWith(".ts"))
      .map((name) => join(EXAMPLES_DIR, name));
    expect(typeCheck(virtualFiles, examples)).toEqual([]);
  });

  it("lists the statuses and examples the spec documents for each operation", () => {
    const rows = answerRows(spec);
    expect(rows.length).toBeGreaterThan(0);
    expect(readmeAnswerRows(README)).toEqual(rows);
  });

  it("pins the Prism install line to the exact version the package is tested with", () => {
    const pinned = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies["@stoplight/prism-cli"];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const installLines = README.split("\n").filter((line) => line.includes("@stoplight/prism-cli"));
    expect(installLines.length).toBeGreaterThan(0);
    for (const line of installLines) expect(line).toContain(`@stoplight/prism-cli@${pinned}`);
    expect(readFileSync(join(ROOT, "src/testing/mock-server.ts"), "utf8")).toContain(`const PRISM_VERSION = "${pinned}";`);
  });
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, "")
    .replace(/ /g, "-");
}

describe("README.md reads in order (issue 24)", () => {
  const headings = [...README.matchAll(/^(#{2,4}) (.+)$/gm)].map((match) => ({ level: match[1]!.length, text: match[2]! }));
  const sections = headings.filter((heading) => heading.level === 2).map((heading) => heading.text);

  it("opens with a table of contents that links every section, in order", () => {
    const beforeFirstSection = README.slice(0, README.indexOf("\n## "));
    const links = [...beforeFirstSection.matchAll(/^- \[[^\]]+\]\(#([^)]+)\)$/gm)].map((match) => match[1]);
    expect(links).toEqual(sections.map(anchorOf));
  });

  it("has a first call with no credentials in its first section, before Install", () => {
    expect(sections[0]).toBe("Try it");
    expect(sections.indexOf("Install")).toBeGreaterThan(0);
    const tryIt = README.slice(README.indexOf("## Try it"), README.indexOf("\n## ", README.indexOf("## Try it") + 1));
    expect(tryIt).toContain("createFakePayWise");
    // The snippet is examples/try-it.ts as it is, so `npm test` runs exactly what a newcomer copies.
    const example = readFileSync(join(EXAMPLES_DIR, "try-it.ts"), "utf8");
    expect(tryIt).toContain("```ts\n" + example.replace(/^\/\/ Run:.*\n/m, ""));
  });

  it("links only to headings it has", () => {
    const anchors = new Set(headings.map((heading) => anchorOf(heading.text)));
    const internal = [...README.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]!);
    expect(internal.length).toBeGreaterThan(sections.length);
    expect(internal.filter((anchor) => !anchors.has(anchor))).toEqual([]);
  });

  it("lists every program in examples/ with its run line", () => {
    const rows = README.split("\n").filter((line) => /^\| `[\w-]+\.ts` \|/.test(line));
    const listed = rows.map((row) => row.match(/^\| `([\w-]+\.ts)` \|/)![1]);
    const files = readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith(".ts"));
    expect([...listed].sort()).toEqual([...files].sort());
    for (const [index, name] of listed.entries()) {
      const source = readFileSync(join(EXAMPLES_DIR, name!), "utf8");
      const runLine = source.match(/^\/\/ Run: (.+)$/m)?.[1];
      // A program says how to run it; one that is only imported says so in its row.
      if (runLine) expect(rows[index]).toContain(`\`${runLine}\``);
      else expect(rows[index]).toMatch(/imported, not run/);
    }
  });
});
