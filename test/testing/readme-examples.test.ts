// The testing examples of the README and docs/testing.md (scripts/fixtures/testing-kit/) are shown
// as they are, each in one of the two, so what they say is what runs. Running them against the
// packed package (Vitest, MSW and Jest, in a project without Prism), and compiling every snippet of
// the README and docs/ against its declarations, is `npm run test:package`'s work, on the tarball it
// installs (scripts/lib/docs-examples.mjs, called by scripts/test-consumer.mjs): building and
// packing a second time here cost npm test 25 CPU seconds (issue 30, item 4).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDocument, ROOT } from "../helpers/documents";

const EXAMPLES = join(ROOT, "scripts", "fixtures", "testing-kit");
/** The example files, as scripts/lib/docs-examples.mjs picks them to run. */
const testingExamples = () => readdirSync(EXAMPLES).filter((file) => file.includes(".test."));

/** Where a user reads the examples: the README's one, then the testing page's. */
const SHOWN_IN = ["README.md", "docs/testing.md"].map((path) => ({ path, text: readDocument(path) }));

const example = (name: string) => readFileSync(join(EXAMPLES, name), "utf8");

describe("the testing examples of the README and docs/testing.md", () => {
  it("are four files: the README's, Vitest's, MSW's and Jest's", () => {
    expect(testingExamples().sort()).toEqual(["paywise.fake.test.ts", "paywise.jest.test.cjs", "paywise.msw.test.ts", "paywise.vitest.test.ts"]);
  });

  it.each(testingExamples())("shows %s as it is, in one place", (name) => {
    const fence = name.endsWith(".cjs") ? "js" : "ts";
    const shownIn = SHOWN_IN.filter(({ text }) => text.includes("```" + fence + "\n" + example(name) + "```")).map(({ path }) => path);
    expect(shownIn).toHaveLength(1);
  });

  it("shows one of them in the README", () => {
    const inReadme = testingExamples().filter((name) => SHOWN_IN[0]!.text.includes(example(name)));
    expect(inReadme).toHaveLength(1);
  });
});
