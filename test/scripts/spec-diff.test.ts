// `npm run spec:diff` and `npm run spec:bump` as a maintainer runs them: on the fixture bump
// (PayWise's next contract, test/fixtures/spec-bump/), in temporary copies of the package so the
// real openapi/, package.json and CHANGELOG.md are never touched.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as toYaml } from "yaml";

const root = resolve(import.meta.dirname, "../..");
const OLD = "openapi/pw-wrappers.2024-10-01.yaml";
const NEW = "test/fixtures/spec-bump/pw-wrappers.2025-04-01.yaml";
const DATE = "2026-12-01";
const RUN_TIMEOUT = 60_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(cwd: string, script: string, args: string[]): Promise<Run> {
  try {
    // As typed in `cwd`: an INIT_CWD inherited from an outer `npm test` would say otherwise.
    const env = { ...process.env, INIT_CWD: cwd };
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", join(cwd, "scripts", script), ...args], { cwd, env, timeout: RUN_TIMEOUT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

const RELEASED = "## 0.1.0 - 2026-11-22\n\nThe first release. Built from contract **2024-10-01**.\n";

/**
 * A copy of what the scripts read and write, with node_modules linked, not copied, and a
 * CHANGELOG.md of known content (the real one's Unreleased notes change from merge to merge).
 */
function packageCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "pw-spec-bump-"));
  copies.push(dir);
  for (const entry of ["scripts", "openapi", "src", "generated", "package.json"]) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  writeFileSync(join(dir, "CHANGELOG.md"), `# Changelog\n\n## Unreleased\n\n${RELEASED}`);
  symlinkSync(realpathSync(join(root, "node_modules")), join(dir, "node_modules"), "dir");
  return dir;
}

/**
 * The maintainer's fix that the fixture calls for: it drops `display_name`, so an overlay action
 * that marks it would match nothing and stop generation (as it should).
 */
function dropOverlayActionsOn(dir: string, field: string): void {
  const file = join(dir, "openapi/pw-wrappers.overlay.yaml");
  if (!existsSync(file)) return;
  const overlay = parseYaml(readFileSync(file, "utf8")) as { actions: { target: string }[] };
  overlay.actions = overlay.actions.filter((action) => !action.target.includes(field));
  writeFileSync(file, toYaml(overlay));
}

/** Every file under `dir` whose text contains `needle`. */
function filesMentioning(dir: string, needle: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && readFileSync(join(entry.parentPath, entry.name), "utf8").includes(needle))
    .map((entry) => entry.name);
}

const REPORT = [
  "spec:diff: openapi/pw-wrappers.2024-10-01.yaml -> test/fixtures/spec-bump/pw-wrappers.2025-04-01.yaml",
  "Contract 2024-10-01 -> 2025-04-01",
  "account.createSession (POST /account/account_session): breaking",
  "  breaking  response 200 field data.account.display_name removed",
  '  additive  response 200 example "success" changed',
  "account.getBalance (POST /account/balance): additive",
  "  additive  response 200 body examples changed",
  "  additive  response 200 field data.as_of added",
  "account.getStatement (POST /account/statement): additive",
  "  additive  new method",
  "account.getStatus (GET /account/account): cosmetic",
  "  cosmetic  description changed",
  "account.register (POST /account/register_account): breaking",
  "  breaking  request body field callback_url newly required",
  "Breaking: account.createSession, account.register",
  "Additive: account.getBalance, account.getStatement",
  "Cosmetic: account.getStatus",
  "Next version: major change (pre-1.0: next minor, 0.2.0)",
];

const ENTRY = [
  `## 0.2.0 - ${DATE}`,
  "",
  "Built from contract **2025-04-01** (was 2024-10-01): a major-level change under docs/VERSIONING.md.",
  "",
  "### Breaking",
  "- `account.createSession`: response 200 field data.account.display_name removed.",
  "- `account.register`: request body field callback_url newly required.",
  "",
  "### Added",
  "- `account.getBalance`: response 200 field data.as_of added.",
  "- `account.getStatement`: new method.",
  "",
  "### Changed",
  '- `account.createSession`: response 200 example "success" changed.',
  "- `account.getBalance`: response 200 body examples changed.",
  "- `account.getStatus`: description changed.",
];

describe("npm run spec:diff on the fixture bump", () => {
  it("reports per SDK method, proposes a major change and drafts the CHANGELOG entry", async () => {
    const result = await run(root, "spec-diff.mjs", ["--base", OLD, "--head", NEW, "--date", DATE]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines.slice(0, REPORT.length)).toEqual(REPORT);
    expect(lines.slice(REPORT.length, REPORT.length + 3)).toEqual(["", "CHANGELOG draft (--write-changelog adds it):", ""]);
    expect(lines.slice(REPORT.length + 3, REPORT.length + 3 + ENTRY.length)).toEqual(ENTRY);
  }, RUN_TIMEOUT);

  it("fails with exit code 2 and a message naming a --base that is neither file nor git ref", async () => {
    const result = await run(root, "spec-diff.mjs", ["--base", "no-such-ref-or-file", "--head", NEW]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--base no-such-ref-or-file: neither a file nor a git ref");
  }, RUN_TIMEOUT);
});

describe("npm run spec:diff -- --check", () => {
  it("passes, saying there is nothing to compare, with a single contract in openapi/", async () => {
    const result = await run(packageCopy(), "spec-diff.mjs", ["--check"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("single contract");
  }, RUN_TIMEOUT);

  it("fails while package.json and CHANGELOG.md still describe the old contract, and passes once they follow", async () => {
    const dir = packageCopy();
    cpSync(join(root, NEW), join(dir, "openapi/pw-wrappers.2025-04-01.yaml"));

    const stale = await run(dir, "spec-diff.mjs", ["--check"]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('package.json says version 0.1.0, but the changes since 0.1.0 (contract 2024-10-01) are a major change (pre-1.0: next minor, 0.2.0): set "version" to 0.2.0');
    expect(stale.stderr).toContain("CHANGELOG.md has no entry for 0.2.0");
    expect(stale.stderr).toContain('exports["./openapi.yaml"] is "./openapi/pw-wrappers.2024-10-01.yaml"');

    const pkgPath = join(dir, "package.json");
    const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
    pkg.version = "0.2.0";
    pkg.exports["./openapi.yaml"] = "./openapi/pw-wrappers.2025-04-01.yaml";
    pkg.files = pkg.files.map((entry: string) => entry.replace("2024-10-01", "2025-04-01"));
    writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
    const noEntry = await run(dir, "spec-diff.mjs", ["--check"]);
    expect(noEntry.code).toBe(1);
    expect(noEntry.stderr).toContain("CHANGELOG.md has no entry for 0.2.0");
    expect(noEntry.stderr).not.toContain("package.json");

    // A CHANGELOG of known content, with notes waiting under Unreleased: the release takes them.
    writeFileSync(join(dir, "CHANGELOG.md"), `# Changelog\n\n## Unreleased\n\n### Changed\n- A waiting note.\n\n### Fixed\n- A fix.\n\n${RELEASED}`);
    expect((await run(dir, "spec-diff.mjs", ["--write-changelog", "--date", DATE])).code).toBe(0);
    const withNotes = [...ENTRY, "- A waiting note.", "", "### Fixed", "- A fix."].join("\n");
    expect(readFileSync(join(dir, "CHANGELOG.md"), "utf8")).toBe(`# Changelog\n\n## Unreleased\n\n${withNotes}\n\n${RELEASED}`);
    const fixed = await run(dir, "spec-diff.mjs", ["--check"]);
    expect(fixed.stderr).toBe("");
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain("spec:diff --check: package.json (0.2.0) and CHANGELOG.md match the changes.");
  }, 3 * RUN_TIMEOUT);

  it("fails when the version was bumped only as far as an additive change", async () => {
    const dir = packageCopy();
    cpSync(join(root, NEW), join(dir, "openapi/pw-wrappers.2025-04-01.yaml"));
    const pkgPath = join(dir, "package.json");
    writeFileSync(pkgPath, readFileSync(pkgPath, "utf8").replace('"version": "0.1.0"', '"version": "0.1.1"'));
    const result = await run(dir, "spec-diff.mjs", ["--check"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('package.json says version 0.1.1, but the changes since 0.1.0 (contract 2024-10-01) are a major change (pre-1.0: next minor, 0.2.0)');
  }, RUN_TIMEOUT);
});

describe("npm run spec:bump", () => {
  it("copies the contract, generates, and moves package.json and CHANGELOG.md to it (--no-test)", async () => {
    const dir = packageCopy();
    dropOverlayActionsOn(dir, "display_name");
    expect(filesMentioning(join(dir, "generated"), "2025-04-01")).toEqual([]);
    const result = await run(dir, "spec-bump.mjs", [join(root, NEW), "--no-test", "--date", DATE]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, "openapi/pw-wrappers.2025-04-01.yaml"), "utf8")).toBe(readFileSync(join(root, NEW), "utf8"));
    expect(filesMentioning(join(dir, "generated"), "2025-04-01")).not.toEqual([]);
    expect(result.stdout).toContain(REPORT.slice(1).join("\n"));
    expect(result.stdout).toContain("Next: npm test");
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(pkg.version).toBe("0.2.0");
    expect(pkg.exports["./openapi.yaml"]).toBe("./openapi/pw-wrappers.2025-04-01.yaml");
    expect(pkg.files).toContain("openapi/pw-wrappers.2025-04-01.yaml");
    expect(pkg.files).not.toContain("openapi/pw-wrappers.2024-10-01.yaml");
    expect(readFileSync(join(dir, "CHANGELOG.md"), "utf8")).toBe(`# Changelog\n\n## Unreleased\n\n${ENTRY.join("\n")}\n\n${RELEASED}`);
    const check = await run(dir, "spec-diff.mjs", ["--check"]);
    expect(check.code).toBe(0);

    const again = await run(dir, "spec-bump.mjs", [join(root, NEW), "--no-test"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("openapi/pw-wrappers.2025-04-01.yaml already exists");
  }, 3 * RUN_TIMEOUT);

  it("stops when generation fails, pointing at the overlay, and takes the copied contract back out", async () => {
    const dir = packageCopy();
    // Generation failing as it does on an overlay action that matches nothing in the new contract.
    writeFileSync(join(dir, "scripts/generate.mjs"), 'console.error("overlay action 3: its target matches nothing"); process.exit(1);\n');
    const pkgBefore = readFileSync(join(dir, "package.json"), "utf8");
    const result = await run(dir, "spec-bump.mjs", [join(root, NEW), "--no-test"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("overlay action 3: its target matches nothing");
    expect(result.stderr).toContain("fix openapi/pw-wrappers.overlay.yaml, not the contract");
    expect(result.stderr).toContain("took openapi/pw-wrappers.2025-04-01.yaml back out");
    expect(existsSync(join(dir, "openapi/pw-wrappers.2025-04-01.yaml"))).toBe(false);
    expect(readFileSync(join(dir, "package.json"), "utf8")).toBe(pkgBefore);
    expect(readFileSync(join(dir, "CHANGELOG.md"), "utf8")).toBe(`# Changelog\n\n## Unreleased\n\n${RELEASED}`);
  }, RUN_TIMEOUT);

  it("refuses a contract whose info.version is not a date, copying nothing", async () => {
    const dir = packageCopy();
    const undated = join(dir, "undated.yaml");
    writeFileSync(undated, readFileSync(join(root, NEW), "utf8").replace('version: "2025-04-01"', 'version: "2.1"'));
    const result = await run(dir, "spec-bump.mjs", [undated, "--no-test"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('info.version is "2.1", not a date (YYYY-MM-DD)');
    expect(existsSync(join(dir, "openapi/pw-wrappers.2.1.yaml"))).toBe(false);
  }, RUN_TIMEOUT);
});
