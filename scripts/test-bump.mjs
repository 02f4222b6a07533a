#!/usr/bin/env node
// npm run test:bump: the proof that a contract bump leaves a green repository (issues 16 and 21).
// Bumps of a temporary copy of this repository, each to a next contract made from whichever
// contract is newest (test/helpers/next-contract.mjs) in the styles PayWise may publish
// (test/helpers/contract-styles.mjs): two contracts, BUMP_CONTRACTS, which between them (with the
// contract as it is, in the main npm test) hold each side of every style, each run once through a
// whole npm test:
//
//   additive  the additions a next contract may bring (a new tag, optional inputs, a 201, a path
//             parameter), no examples, inline schemas (the envelope too: the generator names it,
//             scripts/lib/named-envelope.mjs): must pass `npm run spec:bump` (which runs the full
//             `npm test` in the copy) with no hand edit, its new operation must be a `paywise`
//             command, and the copy must build and pass the docs' examples against its packed
//             build (scripts/test-docs-examples.mjs, test:package's check of them).
//   breaking  the same additions and a widened answer enum, OpenAPI 3.0.3 (nullable: true,
//             `example`) as JSON with named schemas, and the first optional request body field
//             made required: `spec:bump` must fail and put the copy back as it was, and the tests
//             of its npm test that failed (the copy's test script also writes vitest's JSON report) must be exactly
//             those listed in EXPECTED_BREAKING_FAILURES, so every other test passes on that contract.
//
// A style the SDK cannot take is refused by spec:bump up front (test/scripts/spec-diff.test.ts).
// Each nested run starts its own Prism on a port the OS picks. It takes minutes, so CI runs it
// after `npm test` (.ci/run) rather than inside it.
//
//   npm run test:bump [-- additive|breaking ...] [--keep]
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { BUMP_CONTRACTS, STYLES, styledContract } from "../test/helpers/contract-styles.mjs";
import { newestContract } from "../test/helpers/next-contract.mjs";
import { CLI_PAGE } from "./lib/readme-cli.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DATE = new Date().toISOString().slice(0, 10);
/** A nested step that runs longer than this has hung (a full `npm test` takes minutes on 2 busy cores). */
const STEP_TIMEOUT_MS = 20 * 60_000;

/**
 * The tests that must fail, and only these, once the first optional request body field of the
 * newest contract is required (`file > test name`). Recorded against contract 2024-10-01, where
 * that field is `email` of createSession; a later contract may pick another field, and then this
 * list is what to review (the run prints what failed instead).
 */
const EXPECTED_BREAKING_FAILURES = [
  // The demo, the examples and the snippets of the README and docs/ call createSession without an
  // email (the demo, scripts/demo.ts, then no longer type-checks either).
  // Unit and contract tests are not here: their inputs are the contract's documented request
  // examples, which carry every field, so a field made required does not break them.
  "test/examples.test.ts > npm run demo shows each operation it calls resolving to its documented answer, and a typed error against a Prism it starts, then stops it",
  "test/examples.test.ts > examples/ errors.ts handles a ConflictError by retrying with the email, and shows a refused input",
  "test/examples.test.ts > examples/ quickstart.ts runs the four operations against the mock",
  "test/typecheck.test.ts > tsconfig.json (npm run typecheck's first tsc) type-checks src/, generated/, test/ with its type tests, bench/ and scripts/",
  "test/typecheck.test.ts > README.md, docs/ and examples/ have TypeScript snippets that compile as written, each as its own module",
  "test/typecheck.test.ts > README.md, docs/ and examples/ have examples/ that compile",
  // scripts/demo.ts is in both of npm run typecheck's tsc runs.
  "test/typecheck.test.ts > tsconfig.scripts.json (npm run typecheck's second tsc) type-checks scripts/ as JavaScript",
];

function log(line) {
  console.log(`test:bump: ${line}`);
}

/** Runs a command in `cwd`, its output kept in a log file; `{ status, output }`. */
function step(cwd, logName, command, args) {
  log(`${logName}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, INIT_CWD: cwd, FORCE_COLOR: "0" },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: STEP_TIMEOUT_MS,
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  writeFileSync(join(cwd, `.test-bump-${logName}.log`), output);
  log(`${logName}: exit ${result.status ?? result.signal} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { status: result.status, output };
}

/** The repository's files as git sees them (tracked and new, not ignored), copied; node_modules linked. */
function copyOfRepo() {
  const dir = mkdtempSync(join(tmpdir(), "pw-test-bump-"));
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  // node_modules is linked below; a work tree whose node_modules is itself a link lists it as a file.
  for (const file of listed.stdout.split("\0").filter((file) => file && file !== "node_modules")) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    try {
      copyFileSync(join(ROOT, file), join(dir, file));
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== "ENOENT") throw error; // deleted in the work tree, not yet in the index
    }
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

/** A digest of every file spec:bump may change, to prove a failed bump left nothing behind. */
function digest(dir) {
  const listed = spawnSync("find", ["openapi", "generated", "docs", "package.json", "CHANGELOG.md", "README.md", "CONTRIBUTING.md", "-type", "f"], { cwd: dir, encoding: "utf8" });
  const hash = createHash("sha256");
  for (const file of listed.stdout.split("\n").filter(Boolean).sort()) hash.update(file).update("\0").update(readFileSync(join(dir, file))).update("\0");
  return hash.digest("hex");
}

/** The folders the next contracts were written to, removed when the run ends (kept with --keep). */
const CONTRACT_FOLDERS = [];

/** The scenario's next contract (BUMP_CONTRACTS), written to a folder of its own. */
function nextContractFile(dir, scenario) {
  const overlay = parse(readFileSync(join(dir, "openapi/pw-wrappers.overlay.yaml"), "utf8"));
  const base = newestContract(join(dir, "openapi")).spec;
  const { styles, requireField } = BUMP_CONTRACTS[scenario];
  const next = styledContract(base, overlay, styles, { requireField });
  const folder = mkdtempSync(join(tmpdir(), "pw-test-bump-contract-"));
  CONTRACT_FOLDERS.push(folder);
  const file = join(folder, next.name);
  writeFileSync(file, next.text);
  log(`${scenario}: next contract ${next.version}: ${JSON.stringify(next.changes)}`);
  return { file, next };
}

/** The failed tests of a vitest JSON report, as `file > full name`, file relative to `dir`. */
function failedTests(dir, report) {
  const results = JSON.parse(readFileSync(report, "utf8")).testResults ?? [];
  return results.flatMap((file) =>
    (file.assertionResults ?? []).filter((test) => test.status === "failed").map((test) => `${file.name.slice(dir.length + 1)} > ${test.fullName}`),
  ).sort();
}

function additive(keep) {
  const dir = copyOfRepo();
  try {
    const { file, next } = nextContractFile(dir, "additive");
    const named = next.changes.styles.join("; ");
    const bump = step(dir, "additive-spec-bump", "npm", ["run", "spec:bump", "--", file, "--date", DATE]);
    if (bump.status !== 0 || !bump.output.includes("spec:bump: done.")) {
      throw new Error(`the additive bump (${named}) did not leave a green repository; see the end of its output:\n${bump.output.slice(-6000)}`);
    }
    log(`additive (${named}): spec:bump and the full npm test passed with no hand edit`);
    newOperationIsACommand(dir, next.changes.newOperation);
    docsExamplesRunPacked(dir);
  } finally {
    if (keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The bumped copy's `paywise` has a command for the new operation (issue 23): its help runs and
 * names the operation's path, and the command line's page (docs/cli.md) lists it in its table of commands. The nested npm test has
 * already run it against a loopback server, as it runs every generated command.
 */
function newOperationIsACommand(dir, operation) {
  const tsx = (args) => spawnSync(process.execPath, ["--import", "tsx", ...args], { cwd: dir, encoding: "utf8", timeout: 120_000 });
  // The copy's own generated commands, read as the CLI reads them.
  const find = `const { CLI_COMMANDS } = await import("./generated/cli.ts"); const found = CLI_COMMANDS.find((c) => c.descriptor.path === ${JSON.stringify(operation.path)}); console.log(found ? found.resource + " " + found.command : "");`;
  const words = tsx(["--input-type=module", "-e", find]).stdout.trim().split(" ").filter(Boolean);
  if (words.length !== 2) throw new Error(`the bumped copy's generated/cli.ts has no command for ${operation.method.toUpperCase()} ${operation.path}`);
  const help = tsx(["src/cli/main.ts", ...words, "--help"]);
  if (help.status !== 0 || !help.stdout.includes(`${operation.method.toUpperCase()} ${operation.path}`)) {
    throw new Error(`\`paywise ${words.join(" ")} --help\` in the bumped copy did not describe ${operation.path} (exit ${help.status}):\n${help.stdout}${help.stderr}`);
  }
  if (!readFileSync(join(dir, CLI_PAGE), "utf8").includes(`| \`paywise ${words.join(" ")}\` |`)) throw new Error(`the bumped ${CLI_PAGE} does not list \`paywise ${words.join(" ")}\``);
  log(`additive: the new operation is \`paywise ${words.join(" ")}\`, with its help and its row in ${CLI_PAGE}`);
}

/**
 * The bumped copy builds, and its README's and docs/' examples pass against it packed (the testing
 * examples run, every snippet compiles against its declarations): what test:package checks on the
 * contract as it is (scripts/lib/docs-examples.mjs), for a copy test:package never sees.
 */
function docsExamplesRunPacked(dir) {
  const build = step(dir, "additive-build", "npm", ["run", "build"]);
  if (build.status !== 0) throw new Error(`the bumped copy does not build:\n${build.output.slice(-6000)}`);
  const checked = step(dir, "additive-docs-examples", process.execPath, ["--import", "tsx", "scripts/test-docs-examples.mjs"]);
  if (checked.status !== 0) throw new Error(`the bumped copy's docs examples fail against its packed build:\n${checked.output.slice(-6000)}`);
  log("additive: the copy builds, and its docs' examples pass against the packed build");
}

function breaking(keep) {
  const dir = copyOfRepo();
  try {
    const { file, next } = nextContractFile(dir, "breaking");
    // One full run proves both things (a second one, after a --no-test bump, used to list the
    // failures): the copy's npm test writes vitest's JSON report as well.
    const report = join(dir, ".test-bump-vitest.json");
    const pkgPath = join(dir, "package.json");
    const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
    if (pkg.scripts.test !== "vitest run") throw new Error(`package.json's test script is no longer \`vitest run\` (${pkg.scripts.test}): update the breaking scenario`);
    pkg.scripts.test = `vitest run --reporter=default --reporter=json --outputFile=${report}`;
    writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + "\n");
    const before = digest(dir);
    const failed = step(dir, "breaking-spec-bump", "npm", ["run", "spec:bump", "--", file, "--date", DATE]);
    if (failed.status === 0) throw new Error("a breaking bump passed npm test: the tests do not notice a newly required field");
    if (digest(dir) !== before) throw new Error("the failed bump left files behind (openapi/, generated/, docs/, package.json, CHANGELOG.md, README.md or CONTRIBUTING.md differ)");
    log("breaking: spec:bump failed at npm test and put the copy back as it was");
    if (!existsSync(report)) throw new Error(`vitest wrote no report in the failed bump's npm test; see the end of its output:\n${failed.output.slice(-4000)}`);
    // A required field breaks callers, not the contract: it still generates, lints and is diffed
    // (test/scripts/repository-checks.test.ts), which the exact list below holds to passing.
    const failures = failedTests(dir, report);
    const expected = [...EXPECTED_BREAKING_FAILURES].sort();
    log(`breaking (${next.changes.requiredField?.name} required in ${next.changes.requiredField?.operationId}): expected to fail:\n  ${expected.join("\n  ") || "(none)"}`);
    log(`failed:\n  ${failures.join("\n  ") || "(none)"}`);
    const unexpected = failures.filter((test) => !expected.includes(test));
    const missing = expected.filter((test) => !failures.includes(test));
    if (unexpected.length || missing.length) {
      throw new Error(`the breaking bump failed other tests than expected.\n  failed, not expected: ${unexpected.join("; ") || "none"}\n  expected, did not fail: ${missing.join("; ") || "none"}\nThe end of its output:\n${failed.output.slice(-6000)}`);
    }
    log("breaking: exactly the expected tests fail");
  } finally {
    if (keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { keep: { type: "boolean", default: false } } });
const SCENARIOS = { additive, breaking };
const which = positionals.length ? positionals : Object.keys(SCENARIOS);
// Every style is tried by some scenario: a style added to contract-styles.mjs and to none of BUMP_CONTRACTS fails.
/** @type {Set<string>} */
const tried = new Set(Object.values(BUMP_CONTRACTS).flatMap(({ styles }) => styles));
const untried = Object.keys(STYLES).filter((style) => !tried.has(style));
try {
  if (untried.length) throw new Error(`no scenario tries the style(s) ${untried.map((style) => STYLES[style]).join("; ")}`);
  for (const name of which) {
    if (!Object.hasOwn(SCENARIOS, name)) throw new Error(`unknown scenario ${name}: ${Object.keys(SCENARIOS).join(", ")}`);
    SCENARIOS[name](values.keep);
  }
  log("passed");
} catch (error) {
  console.error(`test:bump: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  for (const folder of CONTRACT_FOLDERS) {
    if (values.keep) log(`kept ${folder}`);
    else rmSync(folder, { recursive: true, force: true });
  }
}
