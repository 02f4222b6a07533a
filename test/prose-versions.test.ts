// No stale dates (issue 16, item 2): the README, docs/, the demo, the bench, the examples and
// package.json name no contract version but the newest, so a bump that leaves one behind fails here.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { proseFiles, staleMentions, staleProse } from "../scripts/lib/prose-versions.mjs";
import { CONTRACT_FILES, contractVersion } from "./helpers/spec";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const versionOf = (name: string) => name.replace(/^pw-wrappers\.|\.yaml$/g, "");
const older = CONTRACT_FILES.slice(0, -1).map(versionOf);

describe("contract versions in prose", () => {
  it("names only the newest contract version", () => {
    expect(staleProse(ROOT, contractVersion, older)).toEqual([]);
  });

  it("flags the README's own mentions once a newer contract exists", () => {
    const readme = readFileSync(`${ROOT}/README.md`, "utf8");
    const flagged = staleMentions(readme, "2999-01-01", [contractVersion]);
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((found) => found.version === contractVersion)).toBe(true);
  });

  it("flags a date in a contract version's place that is no contract at all", () => {
    expect(staleMentions("speaks contract version `2001-02-03` and sends version=2001-02-03", contractVersion, older)).toEqual([
      { line: 1, version: "2001-02-03", text: "speaks contract version `2001-02-03` and sends version=2001-02-03" },
    ]);
    expect(staleMentions(`released on 2001-02-03, contract **${contractVersion}**`, contractVersion, older)).toEqual([]);
  });

  it("reads the README, docs, the demo and the bench", () => {
    const files = proseFiles(ROOT).map((file) => file.slice(ROOT.length));
    for (const expected of ["README.md", "docs/VERSIONING.md", "scripts/demo.ts", "bench/scenarios.mjs", "package.json"]) expect(files).toContain(expected);
  });
});
