// The README is a newcomer's first code, and docs/ its depth: the list of documented answers must
// be the spec's, and the Prism install line must pin the version this package is tested with
// (issue 10, items 7 and 9). Every TypeScript snippet in them compiles as written, imports and
// client included: test/typecheck.test.ts checks that, in the one program that checks src/.
// The README stays short (issue 31): what npm shows, with links that resolve.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";
import { answerRows, readmeAnswerRows } from "../scripts/lib/readme-answers.mjs";
import { API_PAGE, CLI_PAGE, DOCUMENTS, OBSERVABILITY_PAGE, readDocument, ROOT, TESTING_PAGE } from "./helpers/documents";
import { spec } from "./helpers/spec";

const README = readDocument("README.md");
const EXAMPLES_DIR = join(ROOT, "examples");
/** What npm shows on the package's page: short enough to read top to bottom (issue 31). */
const README_MAX_LINES = 450;

describe("README.md and docs/", () => {
  it("list the statuses and examples the spec documents for each operation", () => {
    const rows = answerRows(spec);
    expect(rows.length).toBeGreaterThan(0);
    expect(readmeAnswerRows(readDocument(TESTING_PAGE))).toEqual(rows);
  });

  it("pin the Prism install line to the exact version the package is tested with", () => {
    const pinned = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies["@stoplight/prism-cli"];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const installLines = DOCUMENTS.flatMap((path) => readDocument(path).split("\n")).filter((line) => /npm install\b.*@stoplight\/prism-cli/.test(line));
    expect(installLines.length).toBeGreaterThan(0);
    for (const line of installLines) expect(line).toContain(`@stoplight/prism-cli@${pinned}`);
    expect(readFileSync(join(ROOT, "src/testing/mock-server.ts"), "utf8")).toContain(`const PRISM_VERSION = "${pinned}";`);
  });
});

/** The text without its fenced code blocks: a `# comment` in a shell block is no heading, `[a](b)` in code no link. */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```$/gm, "");

/** A document's headings, `#` to `####`. */
const headingsOf = (text: string) => [...prose(text).matchAll(/^(#{1,4}) (.+)$/gm)].map((match) => ({ level: match[1]!.length, text: match[2]! }));

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, "")
    .replace(/ /g, "-");
}

describe("README.md reads in order (issue 24)", () => {
  const headings = headingsOf(README);
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

  it(`is at most ${README_MAX_LINES} lines, with the two set-up commands of a clone in it`, () => {
    expect(README.split("\n").length).toBeLessThanOrEqual(README_MAX_LINES);
    expect(README).toMatch(/^```sh\nnpm install[^\n]*\nnpm test [^\n]*\nnpm run demo\n```$/m);
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

/**
 * Where a link of `document` leads that does not resolve, or undefined: a file or folder of this
 * repository (relative to the document), and a heading of that file (or of the document itself)
 * for a `#anchor`. Web addresses are not followed.
 */
function brokenLink(document: string, target: string): string | undefined {
  if (/^[a-z]+:/i.test(target)) return undefined;
  const [path, anchor] = target.split("#") as [string, string | undefined];
  const file = path === "" ? document : normalize(join(dirname(document), path));
  if (file.startsWith("..") || !existsSync(join(ROOT, file))) return `${target}: no ${file} in this repository`;
  if (anchor === undefined) return undefined;
  if (!file.endsWith(".md")) return `${target}: an anchor into a file that is not Markdown`;
  const anchors = headingsOf(readFileSync(join(ROOT, file), "utf8")).map((heading) => anchorOf(heading.text));
  return anchors.includes(anchor) ? undefined : `${target}: ${file} has no heading #${anchor}`;
}

describe("links in README.md, CONTRIBUTING.md and docs/ (issue 31)", () => {
  const links = DOCUMENTS.flatMap((document) => [...prose(readDocument(document)).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => ({ document, target: match[1]! })));

  it("lead to a file of this repository and to a heading it has", () => {
    const readmeLinks = links.filter((link) => link.document === "README.md");
    // The README links each of its sections (its contents) and the page each sends its depth to.
    expect(readmeLinks.filter((link) => link.target.startsWith("#")).length).toBeGreaterThan(headingsOf(README).filter((heading) => heading.level === 2).length);
    const linked = readmeLinks.map((link) => link.target.split("#")[0]);
    for (const page of [API_PAGE, TESTING_PAGE, CLI_PAGE, OBSERVABILITY_PAGE, "CONTRIBUTING.md"]) expect(linked, `the README links ${page}`).toContain(page);
    expect(links.flatMap(({ document, target }) => [brokenLink(document, target)].filter(Boolean).map((problem) => `${document}: ${problem}`))).toEqual([]);
  });

  it("are checked: a link to a missing page, a missing heading or outside the repository is reported", () => {
    expect(brokenLink("README.md", "docs/testing.md#faults")).toBeUndefined();
    expect(brokenLink("docs/testing.md", "../README.md#errors")).toBeUndefined();
    expect(brokenLink("README.md", "docs/no-such-page.md")).toMatch(/no docs\/no-such-page\.md/);
    expect(brokenLink("README.md", "docs/testing.md#no-such-heading")).toMatch(/has no heading #no-such-heading/);
    expect(brokenLink("docs/testing.md", "#errors")).toMatch(/has no heading #errors/);
    expect(brokenLink("README.md", "../outside.md")).toMatch(/no \.\.\/outside\.md/);
  });
});
