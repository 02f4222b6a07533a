// Issue 15, item 6: scripts/ is type-checked as it is (tsconfig.scripts.json, in `npm run
// typecheck`), so a declaration kept by hand beside a module (one had optionName with one
// parameter of three) has no reason to exist and would only drift.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

it("keeps no hand-written declaration file in scripts/", () => {
  const declarations = filesUnder(join(ROOT, "scripts")).filter((file) => /\.d\.[cm]?ts$/.test(file));
  expect(declarations.map((file) => relative(ROOT, file))).toEqual([]);
});

it("type-checks every script: `npm run typecheck` runs tsc over tsconfig.scripts.json, which checks JavaScript", () => {
  const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
  expect(scripts.typecheck).toContain("tsc --noEmit -p tsconfig.scripts.json");
  const config = ts.readConfigFile(join(ROOT, "tsconfig.scripts.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  expect(parsed.options.checkJs).toBe(true);
  const checked = new Set(parsed.fileNames.map((file) => relative(ROOT, file)));
  const modules = filesUnder(join(ROOT, "scripts")).filter((file) => /\.m?js$/.test(file) && !relative(ROOT, file).startsWith("scripts/fixtures/"));
  expect(modules.map((file) => relative(ROOT, file)).filter((file) => !checked.has(file))).toEqual([]);
});
