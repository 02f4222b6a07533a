// The README's table of documented answers (statuses and example names per method), rendered
// from the contract: test/readme.test.ts checks the README against it, and spec:bump rewrites it.
import { documentedResponses } from "./mock-answers.mjs";

const TABLE = /(<!-- documented-answers[^\n]*-->\n\| operation \| documented statuses \(examples\) \|\n\| --- \| --- \|\n)((?:\|.*\|\n)*)/;

/** One row per SDK method: "| `account.getStatus` | 200 (`success`), 400 (`error`) |". */
export function answerRows(spec) {
  return Object.entries(documentedResponses(spec)).map(([method, statuses]) => {
    const cells = Object.entries(statuses).map(([code, examples]) => (examples.length ? `${code} (${examples.map((name) => `\`${name}\``).join(", ")})` : code));
    return `| \`${method}\` | ${cells.join(", ")} |`;
  });
}

/** The rows the README holds now, or undefined when it has no such table. */
export function readmeAnswerRows(readme) {
  return TABLE.exec(readme)?.[2].trimEnd().split("\n");
}

/** The README with its table rewritten from `spec` (unchanged when it has no table). */
export function withAnswerRows(readme, spec) {
  return readme.replace(TABLE, (_, head) => `${head}${answerRows(spec).join("\n")}\n`);
}
