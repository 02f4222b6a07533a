// `npm run spec:diff` and `npm run spec:bump` as a maintainer runs them, in temporary copies of the
// package so the real openapi/, package.json and CHANGELOG.md are never touched. The bump they are
// given is made from whichever contract is newest (test/helpers/next-contract.mjs), so these tests
// hold on every future bump; what they expect is derived from the changes it made. Each test works
// in its own copy. Both tools run in-process (their functions, on the copy), but for one run of each
// as a script that shows the command line's wiring (arguments, exit code, stderr): a script would
// only add a node process and the generator's start-up to every run (issue 30, item 4).
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { applyOverlay } from "../../scripts/lib/overlay.mjs";
import { ANSWERS_PAGE } from "../../scripts/lib/readme-answers.mjs";
import { sdkOperations, type SdkOperation } from "../../scripts/lib/sdk-names.mjs";
import { describeBump, nextVersion } from "../../scripts/lib/spec-report.mjs";
import { render } from "../../scripts/generate.mjs";
import { specBump } from "../../scripts/spec-bump.mjs";
import { specDiff } from "../../scripts/spec-diff.mjs";
import { newestContract, nextContract } from "../helpers/next-contract.mjs";

const root = resolve(import.meta.dirname, "../..");
const DATE = "2026-12-01";
/** One script run; generous, as the tests run side by side on a loaded machine. */
const RUN_TIMEOUT = 180_000;

const newest = newestContract(join(root, "openapi"));
const OLD = `openapi/${newest.name}`;
const overlayText = readFileSync(join(root, "openapi/pw-wrappers.overlay.yaml"), "utf8");
const next = nextContract(newest.spec, parseYaml(overlayText), { removeMarkedField: true, requireField: true });
const fixtures = mkdtempSync(join(tmpdir(), "pw-next-contract-"));
const NEW = join(fixtures, next.name);
writeFileSync(NEW, next.text);
const NEW_NAME = `openapi/${next.name}`;

const pkgVersion = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
const NEXT = nextVersion(pkgVersion, "major");
const RELEASED = `## ${pkgVersion} - 2026-11-22\n\nA release. Built from contract **${newest.version}**.\n`;

/** The SDK's names for the operations the bump touched, as the generator names them. */
const methods = sdkOperations(await applyOverlay(next.spec, parseYaml(overlayText), { specName: NEW, overlayName: "overlay", strict: false, note: () => {} }));
const byId = (operationId: string): SdkOperation => methods.find((entry) => entry.operationId === operationId)!;
const added = byId(next.changes.newOperation.operationId);
const widened = byId(next.changes.addedField.operationId);
const reworded = byId(next.changes.reworded.operationId);
const required = byId(next.changes.requiredField!.operationId);
const name = (entry: SdkOperation) => `${entry.resource}.${entry.method}`;

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

type Tool = (root: string, args: string[], out: { log(line: string): void; error(line: string): void }) => Promise<number>;

/** A tool on the copy at `cwd`, in-process: what it prints and the exit code it gives. */
async function inProcess(tool: Tool, cwd: string, args: string[]): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await tool(cwd, args, { log: (line: string) => stdout.push(`${line}\n`), error: (line: string) => stderr.push(`${line}\n`) });
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}
const diff = (cwd: string, args: string[]) => inProcess(specDiff, cwd, args);
const bump = (cwd: string, args: string[]) => inProcess(specBump, cwd, args);

const copies: string[] = [fixtures];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/**
 * A copy of what the scripts read and write, with node_modules linked, not copied, and a
 * CHANGELOG.md of known content (the real one's Unreleased notes change from merge to merge).
 * src/ is copied, not linked, so that no tool run on the copy can write to the repository's.
 * scripts/ is copied only for a test that runs a script of the copy as a child (`withScripts`):
 * the tools run in-process never read the copy's, and it was 66 of the 155 files copied and
 * removed for every test (issue 30, item 4).
 */
function packageCopy({ withScripts = false } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "pw-spec-bump-"));
  copies.push(dir);
  for (const entry of [...(withScripts ? ["scripts"] : []), "openapi", "src", "generated", "package.json", "README.md", "CONTRIBUTING.md", "docs"]) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  writeFileSync(join(dir, "CHANGELOG.md"), `# Changelog\n\n## Unreleased\n\n${RELEASED}`);
  symlinkSync(realpathSync(join(root, "node_modules")), join(dir, "node_modules"), "dir");
  return dir;
}

/** The maintainer's fix the bump calls for: it drops a field that an overlay action marks. */
function dropOverlayActionsOn(dir: string, target: string): void {
  const file = join(dir, "openapi/pw-wrappers.overlay.yaml");
  const overlay = parseYaml(readFileSync(file, "utf8")) as { actions: { target: string }[] };
  overlay.actions = overlay.actions.filter((action) => action.target !== target);
  writeFileSync(file, toYaml(overlay));
}

/** Every file under `dir` with its text, by path relative to `dir`. */
function tree(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => [relative(dir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name), "utf8")]),
  );
}

/** What spec:bump may change, to compare before and after. */
const state = (dir: string) => ({
  openapi: tree(join(dir, "openapi")),
  generated: tree(join(dir, "generated")),
  docs: tree(join(dir, "docs")),
  files: Object.fromEntries(["package.json", "CHANGELOG.md", "README.md", "CONTRIBUTING.md"].map((file) => [file, readFileSync(join(dir, file), "utf8")])),
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The report's lines that the changes call for, in the order they come. */
function expectReport(stdout: string): void {
  const lines = stdout.split("\n");
  expect(lines).toContain(`Contract ${newest.version} -> ${next.version}`);
  const section = (entry: SdkOperation) => {
    const at = lines.findIndex((line) => line.startsWith(`${name(entry)} (${entry.httpMethod.toUpperCase()} ${entry.path}): `));
    expect(at, name(entry)).toBeGreaterThan(-1);
    const end = lines.findIndex((line, i) => i > at && !line.startsWith(" "));
    return lines.slice(at, end);
  };
  expect(section(added)).toEqual([
    `${name(added)} (POST ${next.changes.newOperation.path}): additive`,
    "  additive  new method",
    "            retry policy: retried only when the request provably never reached PayWise (unsent-only), the default for a POST: accept it, or set x-pw-retry in openapi/pw-wrappers.overlay.yaml",
  ]);
  expect(section(required)).toContain(`  breaking  request body field ${next.changes.requiredField!.name} newly required`);
  expect(section(widened).join("\n")).toMatch(new RegExp(`  additive  response ${next.changes.addedField.status} field (data\\.)?${next.changes.addedField.name} added`));
  expect(section(reworded)).toContain("  cosmetic  description changed");
  expect(stdout).toMatch(new RegExp(`  breaking  response \\d{3} field \\S*\\b${escape(next.changes.removedField!.name)} removed`));
  expect(lines).toContain(`Next version: ${describeBump(pkgVersion, "major")}`);
}

/** The CHANGELOG entry's lines the changes call for, in the SDK user's words. */
function expectEntry(entry: string): void {
  const { name: field } = next.changes.requiredField!;
  expect(entry.startsWith(`## ${NEXT} - ${DATE}\n\nBuilt from contract **${next.version}** (was ${newest.version}): a major-level change under docs/VERSIONING.md.\n`)).toBe(true);
  const section = (title: string) => new RegExp(`### ${title}\n((?:- .*\n?)+)`).exec(entry)?.[1]?.trimEnd().split("\n") ?? [];
  expect(section("Breaking")).toContain(`- \`paywise.${name(required)}\`: \`${field}\` is now required in \`${required.types.params}\`. To do: pass \`${field}\` in every call of \`paywise.${name(required)}\`.`);
  expect(section("Breaking").join("\n")).toMatch(new RegExp(`is no longer in \`\\w+\`\\. To do: stop reading \`\\S*${escape(next.changes.removedField!.name)}\``));
  expect(section("Added")).toContain(`- \`paywise.${name(widened)}\`: \`${widened.types.result}\` has a new field \`${next.changes.addedField.name}\`.`);
  expect(section("Added")).toContain(
    `- \`paywise.${name(added)}\`: new method, \`POST ${next.changes.newOperation.path}\`: takes \`${added.types.params}\`` +
      (entry.includes(`options \`${added.types.options}\``) ? `, options \`${added.types.options}\`` : "") +
      `, resolves to \`${added.types.result}\`; retried only when the request provably never reached PayWise (unsent-only), the default for a POST: accept it, or set x-pw-retry in openapi/pw-wrappers.overlay.yaml.`,
  );
  expect(section("Changed")).toContain(`- \`paywise.${name(reworded)}\`: its description changed (shown on hover).`);
  // Every line names a method as it is called.
  for (const line of entry.split("\n").filter((text) => text.startsWith("- "))) expect(line).toMatch(/^- `paywise\.\w+\.\w+`: /);
}

describe("the bump tools, each test in its own copy", () => {
  describe("npm run spec:diff on a bump of the newest contract", () => {
    it("reports per SDK method, proposes a major change and drafts the CHANGELOG entry in the SDK user's words", async () => {
      const dir = packageCopy();
      const result = await diff(dir, ["--base", join(dir, OLD), "--head", NEW, "--date", DATE]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout.split("\n")[0]).toBe(`spec:diff: ${OLD} -> ${NEW}`);
      expectReport(result.stdout);
      const [, draft] = result.stdout.split("CHANGELOG draft (--write-changelog adds it):\n\n");
      expectEntry(draft!);
    }, RUN_TIMEOUT);

    it("reads the older contract with its own pinned overlay, so a method renamed through the overlay since is breaking (issue 21)", async () => {
      const dir = packageCopy();
      const additive = nextContract(newest.spec, parseYaml(overlayText));
      writeFileSync(join(dir, "openapi", additive.name), additive.text);
      // The maintainer renames a method for the new contract only: generated/<old>/overlay.yaml keeps the old name.
      const file = join(dir, "openapi/pw-wrappers.overlay.yaml");
      const overlay = parseYaml(readFileSync(file, "utf8")) as { actions: object[] };
      const renamed = `${reworded.method}Renamed`;
      overlay.actions.push({ target: `$.paths.*[?(@.operationId == '${reworded.operationId}')]`, update: { "x-pw-sdk-method": renamed } });
      writeFileSync(file, toYaml(overlay));
      const result = await diff(dir, ["--date", DATE]);
      expect(result.stderr).toBe("");
      const lines = result.stdout.split("\n");
      const where = `(${reworded.httpMethod.toUpperCase()} ${reworded.path})`;
      const at = (method: string) => lines.slice(lines.indexOf(`${reworded.resource}.${method} ${where}: ${method === renamed ? "additive" : "breaking"}`) + 1);
      expect(lines).toContain(`${name(reworded)} ${where}: breaking`);
      expect(at(reworded.method)[0]).toBe("  breaking  method removed");
      expect(lines).toContain(`${reworded.resource}.${renamed} ${where}: additive`);
      expect(at(renamed)[0]).toBe("  additive  new method");
      expect(lines).toContain(`Next version: ${describeBump(pkgVersion, "major")}`);
    }, RUN_TIMEOUT);

    it("fails with exit code 2 and a message naming a --base that is neither file nor git ref", async () => {
      const result = await run(root, "spec-diff.mjs", ["--base", "no-such-ref-or-file", "--head", NEW]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("--base no-such-ref-or-file: neither a file nor a git ref");
    }, RUN_TIMEOUT);
  });

  describe("npm run spec:diff -- --check", () => {
    it("passes, saying there is nothing to compare, with a single contract in openapi/", async () => {
      const dir = packageCopy();
      for (const file of readdirSync(join(dir, "openapi")).filter((entry) => /^pw-wrappers\.\d/.test(entry) && entry !== newest.name)) rmSync(join(dir, "openapi", file));
      const result = await diff(dir, ["--check"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("single contract");
    }, RUN_TIMEOUT);

    it("fails while package.json and CHANGELOG.md still describe the old contract, and passes once they follow, leaving Unreleased notes where they are", async () => {
      const dir = packageCopy();
      cpSync(NEW, join(dir, NEW_NAME));

      const stale = await diff(dir, ["--check"]);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toContain(`package.json says version ${pkgVersion}, but the changes since ${pkgVersion} (contract ${newest.version}) are a ${describeBump(pkgVersion, "major")}: set "version" to ${NEXT}`);
      expect(stale.stderr).toContain(`CHANGELOG.md has no entry for ${NEXT}`);
      expect(stale.stderr).toContain(`exports["./openapi.yaml"] is "./${OLD}"`);

      const pkgPath = join(dir, "package.json");
      const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
      pkg.version = NEXT;
      pkg.exports["./openapi.yaml"] = `./${NEW_NAME}`;
      pkg.files = pkg.files.map((entry: string) => (entry === OLD ? NEW_NAME : entry));
      writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
      const noEntry = await diff(dir, ["--check"]);
      expect(noEntry.code).toBe(1);
      expect(noEntry.stderr).toContain(`CHANGELOG.md has no entry for ${NEXT}`);
      expect(noEntry.stderr).not.toContain("package.json");

      // Notes waiting under Unreleased stay there: the entry goes below them.
      const waiting = "## Unreleased\n\n### Changed\n- A waiting note.\n\n### Fixed\n- A fix.\n\n";
      writeFileSync(join(dir, "CHANGELOG.md"), `# Changelog\n\n${waiting}${RELEASED}`);
      expect((await diff(dir, ["--write-changelog", "--date", DATE])).code).toBe(0);
      const written = readFileSync(join(dir, "CHANGELOG.md"), "utf8");
      expect(written.startsWith(`# Changelog\n\n${waiting}## ${NEXT} - ${DATE}\n`)).toBe(true);
      expect(written.endsWith(`\n\n${RELEASED}`)).toBe(true);
      expectEntry(written.slice(`# Changelog\n\n${waiting}`.length, -RELEASED.length));
      const fixed = await diff(dir, ["--check"]);
      expect(fixed.stderr).toBe("");
      expect(fixed.code).toBe(0);
      expect(fixed.stdout).toContain(`spec:diff --check: package.json (${NEXT}) and CHANGELOG.md match the changes.`);
    }, 3 * RUN_TIMEOUT);

    it("fails when the version was bumped only as far as an additive change", async () => {
      const dir = packageCopy();
      cpSync(NEW, join(dir, NEW_NAME));
      const additive = nextVersion(pkgVersion, "minor");
      const pkgPath = join(dir, "package.json");
      writeFileSync(pkgPath, readFileSync(pkgPath, "utf8").replace(`"version": "${pkgVersion}"`, `"version": "${additive}"`));
      const result = await diff(dir, ["--check"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`package.json says version ${additive}, but the changes since ${pkgVersion} (contract ${newest.version}) are a ${describeBump(pkgVersion, "major")}`);
    }, RUN_TIMEOUT);
  });

  describe("npm run spec:bump", () => {
    it("puts everything back when npm test fails; with --no-test, moves package.json, the README and CHANGELOG.md to the new contract and keeps the old one's code as built", async () => {
      const dir = packageCopy();
      dropOverlayActionsOn(dir, next.changes.removedField!.target);
      // A failing test suite, without running the real one in the copy.
      const pkgPath = join(dir, "package.json");
      const testing = JSON.parse(readFileSync(pkgPath, "utf8"));
      testing.scripts.test = 'node -e "process.exit(1)"';
      writeFileSync(pkgPath, JSON.stringify(testing, null, 2) + "\n");
      const before = state(dir);
      const failed = await bump(dir, [NEW, "--date", DATE]);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain("npm test failed on the new contract");
      expect(failed.stderr).toContain(`npm run spec:bump -- ${NEW} --no-test`);
      expect(failed.stderr).toContain("back as they were; nothing of the bump is left");
      expect(state(dir)).toEqual(before);

      const result = await bump(dir, [NEW, "--no-test", "--date", DATE]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(readFileSync(join(dir, NEW_NAME), "utf8")).toBe(next.text);
      expect(Object.keys(tree(join(dir, "generated"))).some((file) => file.startsWith(`pw-wrappers.${next.version}/`))).toBe(true);
      expectReport(result.stdout);
      expect(result.stdout).toContain("Next: npm test");
      const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
      expect(pkg.version).toBe(NEXT);
      expect(pkg.exports["./openapi.yaml"]).toBe(`./${NEW_NAME}`);
      expect(pkg.files).toContain(NEW_NAME);
      expect(pkg.files).not.toContain(OLD);
      const changelog = readFileSync(join(dir, "CHANGELOG.md"), "utf8");
      expect(changelog.startsWith(`# Changelog\n\n## Unreleased\n\n## ${NEXT} - ${DATE}\n`)).toBe(true);
      expectEntry(changelog.slice("# Changelog\n\n## Unreleased\n\n".length));
      // The README names the new contract, and the testing page lists the new method's documented answers.
      const readme = readFileSync(join(dir, "README.md"), "utf8");
      expect(readme).not.toContain(newest.version);
      expect(readme).toContain(`contract version \`${next.version}\``);
      expect(readFileSync(join(dir, ANSWERS_PAGE), "utf8")).toMatch(new RegExp(`^\\| \`${escape(name(added))}\` \\| `, "m"));
      // The contract before keeps the overlay it was built with, and its generated code.
      const oldGenerated = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).filter(([file]) => file.startsWith(`pw-wrappers.${newest.version}/`)));
      expect(oldGenerated(state(dir).generated)).toEqual(oldGenerated(before.generated));
      expect((await diff(dir, ["--check"])).code).toBe(0);

      const again = await bump(dir, [NEW, "--no-test"]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`${NEW_NAME} already exists`);

      // The maintainer gives the modelled-on method another result name, for the new contract only.
      const generatedBefore = state(dir).generated;
      const file = join(dir, "openapi/pw-wrappers.overlay.yaml");
      const overlay = parseYaml(readFileSync(file, "utf8")) as { actions: object[] };
      overlay.actions.push({ target: `$.paths.*[?(@.operationId == '${next.changes.newOperation.modelledOn}')]`, update: { "x-pw-sdk-result": "RenamedForTheNextContract" } });
      writeFileSync(file, toYaml(overlay));
      const generatedAfter = Object.fromEntries(await render(join(dir, "openapi")));
      const changed = Object.keys(generatedAfter).filter((path) => generatedAfter[path] !== generatedBefore[path]);
      expect(changed.some((path) => path.startsWith(`pw-wrappers.${next.version}/`))).toBe(true);
      expect(changed.filter((path) => path.startsWith(`pw-wrappers.${newest.version}/`))).toEqual([]);
    }, 6 * RUN_TIMEOUT);

    it("puts everything back as it was when generation fails, pointing at the overlay", async () => {
      const dir = packageCopy();
      // The overlay action that marks the removed field matches nothing in the new contract.
      const before = state(dir);
      const result = await bump(dir, [NEW, "--no-test"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`target "${next.changes.removedField!.target}"`);
      expect(result.stderr).toContain("fix openapi/pw-wrappers.overlay.yaml, not the contract");
      expect(result.stderr).toContain("back as they were; nothing of the bump is left");
      expect(state(dir)).toEqual(before);
    }, 2 * RUN_TIMEOUT);

    it("refuses up front, with the reason and copying nothing, a contract in a style the SDK cannot take: a success with no JSON body (issue 21)", async () => {
      const dir = packageCopy();
      const next = nextContract(newest.spec, parseYaml(overlayText));
      const [path, item] = Object.entries(next.spec.paths as Record<string, Record<string, { responses?: object }>>)[0]!;
      const method = Object.keys(item).find((key) => item[key]?.responses)!;
      item[method]!.responses = { 204: { description: "Done." } };
      const file = join(dir, next.name);
      writeFileSync(file, toYaml(next.spec));
      const before = state(dir);
      const result = await bump(dir, [file, "--no-test"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`the SDK cannot be generated from this contract yet, so nothing was copied: ${method.toUpperCase()} ${path} answers 204 with no JSON body`);
      expect(state(dir)).toEqual(before);
    }, RUN_TIMEOUT);

    it("refuses up front, copying nothing, a contract with an operation the generator cannot map, with the generator's reason", async () => {
      const dir = packageCopy();
      const next = nextContract(newest.spec, parseYaml(overlayText));
      type Op = { operationId: string; requestBody?: unknown; parameters?: object[] };
      const withBody = Object.values(next.spec.paths as Record<string, Record<string, Op>>).flatMap((item) => Object.values(item)).find((op) => op?.requestBody)!;
      // A body and a query parameter of its own: one input the generator does not combine yet.
      withBody.parameters = [...(withBody.parameters ?? []), { name: "pw_probe", in: "query", required: false, schema: { type: "string" } }];
      const file = join(dir, next.name);
      writeFileSync(file, toYaml(next.spec));
      const before = state(dir);
      const result = await bump(dir, [file, "--no-test"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("the SDK cannot be generated from this contract yet, so nothing was copied: ");
      expect(result.stderr).toContain("it takes both a body and query parameters (pw_probe)");
      expect(state(dir)).toEqual(before);
    }, RUN_TIMEOUT);

    // As a script: the command line's wiring (its arguments, exit code and stderr).
    it("refuses a contract whose info.version is not a date, copying nothing", async () => {
      const dir = packageCopy({ withScripts: true });
      const undated = join(dir, "undated.yaml");
      writeFileSync(undated, toYaml({ ...next.spec, info: { ...next.spec.info, version: "2.1" } }));
      const before = state(dir);
      const result = await run(dir, "spec-bump.mjs", [undated, "--no-test"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('info.version is "2.1", not a date (YYYY-MM-DD)');
      expect(result.stderr).toContain("back as they were; nothing of the bump is left");
      expect(state(dir)).toEqual(before);
    }, RUN_TIMEOUT);
  });
});
