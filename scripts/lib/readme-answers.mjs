// The table of documented answers (statuses and example names per method) on the testing page,
// rendered from the contract: test/readme.test.ts checks the page against it, and spec:bump rewrites it.
import { documentedResponses } from "./mock-answers.mjs";

/** The page that holds the table, relative to the package root. */
export const ANSWERS_PAGE = "docs/testing.md";

const TABLE = /(<!-- documented-answers[^\n]*-->\n\| operation \| documented statuses \(examples\) \|\n\| --- \| --- \|\n)((?:\|.*\|\n)*)/;

/** One row per SDK method: "| `account.getStatus` | 200 (`success`), 400 (`error`) |". */
export function answerRows(spec) {
  return Object.entries(documentedResponses(spec)).map(([method, statuses]) => {
    const cells = Object.entries(statuses).map(([code, examples]) => (examples.length ? `${code} (${examples.map((name) => `\`${name}\``).join(", ")})` : code));
    return `| \`${method}\` | ${cells.join(", ")} |`;
  });
}

/** The rows a page holds now, or undefined when it has no such table. */
export function readmeAnswerRows(page) {
  return TABLE.exec(page)?.[2].trimEnd().split("\n");
}

/** The page with its table rewritten from `spec` (unchanged when it has no table). */
export function withAnswerRows(page, spec) {
  return page.replace(TABLE, (_, head) => `${head}${answerRows(spec).join("\n")}\n`);
}
