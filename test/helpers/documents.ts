// The hand-written documents users and contributors read: the README (what npm shows), CONTRIBUTING.md
// and the pages of docs/. The README's tests read them from here, so a page added to docs/ is
// checked (snippets, links) without a test naming it.
import { readdirSync, readFileSync } from "node:fs";
import { join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { API_REFERENCE_FILE } from "../../scripts/lib/api-reference.mjs";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Every document, relative to the root: README.md first, then CONTRIBUTING.md and docs/*.md. */
export const DOCUMENTS = ["README.md", "CONTRIBUTING.md", ...readdirSync(join(ROOT, "docs")).filter((name) => name.endsWith(".md")).sort().map((name) => `docs/${name}`)];

/** A document's text, by its path relative to the root. */
export const readDocument = (path: string): string => readFileSync(join(ROOT, path), "utf8");

/** The pages README sections send their depth to: the two with generated tables are named where those are rendered. */
export { ANSWERS_PAGE as TESTING_PAGE } from "../../scripts/lib/readme-answers.mjs";
export { CLI_PAGE } from "../../scripts/lib/readme-cli.mjs";
export const OBSERVABILITY_PAGE = "docs/observability.md";
/** The method reference, where `npm run generate` writes it (the generator names it from generated/). */
export const API_PAGE = normalize(join("generated", API_REFERENCE_FILE));

/** A document's ```ts blocks, with the line each starts on. */
export function typescriptSnippets(text: string): { line: number; code: string }[] {
  const snippets: { line: number; code: string }[] = [];
  for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    snippets.push({ line: text.slice(0, match.index).split("\n").length + 1, code: match[1]! });
  }
  return snippets;
}
