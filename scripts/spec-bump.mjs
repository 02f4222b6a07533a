#!/usr/bin/env node
// Moves the SDK to a new PayWise contract in one command (CONTRIBUTING.md, "Bumping the contract"):
//
//   npm run spec:bump -- path/to/new-contract.yaml [--no-test] [--date YYYY-MM-DD]
//
// 0. refuses, before anything is copied, a contract the SDK cannot be generated from, saying why
// 1. copies the file, unchanged, to openapi/pw-wrappers.<info.version>.yaml
// 2. generates generated/ as `npm run generate` does, in this process (the overlay is applied
//    there: an action that no longer matches stops here; the contract before keeps the overlay it
//    was built with, generated/<its name>/overlay.yaml)
// 3. the spec diff against the contract before it: report and proposed version
// 4. package.json: version, exports["./openapi.yaml"], "files" and the description move to it
// 5. README.md, CONTRIBUTING.md and docs/: the contract version they name, the table of documented
//    answers (docs/testing.md) and the command line's table of commands (docs/cli.md);
//    CHANGELOG.md: the drafted entry
// 6. npm test (or, with --no-test, the command to run)
// On any failure, the tests included, it puts everything it touched back as it was, so the
// repository is never half-bumped and the same command can run again once the cause is fixed.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { insertEntry } from "./lib/changelog.mjs";
import { unsupportedStyle } from "./lib/contract-style.mjs";
import { contractFiles, OVERLAY_FILE, readContractFile } from "./lib/contracts.mjs";
import { writeGenerated } from "./lib/generated-dir.mjs";
import { moveContractVersion } from "./lib/prose-versions.mjs";
import { ANSWERS_PAGE, withAnswerRows } from "./lib/readme-answers.mjs";
import { CLI_PAGE, withCommandRows } from "./lib/readme-cli.mjs";
import { pickContracts, planRelease } from "./lib/release-plan.mjs";
import { snapshot } from "./lib/repo-snapshot.mjs";
import { compareVersions } from "./lib/spec-report.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Everything a bump writes; a failure restores each of them. */
const TOUCHED = ["openapi", "generated", "package.json", "CHANGELOG.md", "README.md", "CONTRIBUTING.md", "docs"];

class Stop extends Error {}

function isCalendarDate(text) {
  return DATE.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

/** `npm test` in the package at `root`, its output the maintainer's to read as it runs. */
function npmTest(root, out) {
  out.log("\n> npm test");
  return spawnSync("npm", ["test"], { cwd: root, stdio: "inherit", shell: process.platform === "win32" }).status === 0;
}

const versionOf = (name) => name.replace(/^pw-wrappers\.|\.yaml$/g, "");

/** package.json moved to the new contract file and version; other fields untouched. */
function movePackage(pkg, from, to, version) {
  const [oldName, newName] = [`openapi/${from}`, `openapi/${to}`];
  pkg.version = version;
  if (pkg.exports?.["./openapi.yaml"] === `./${oldName}`) pkg.exports["./openapi.yaml"] = `./${newName}`;
  if (Array.isArray(pkg.files)) pkg.files = pkg.files.map((entry) => (entry === oldName ? newName : entry));
  if (typeof pkg.description === "string") pkg.description = pkg.description.replace(`contract ${versionOf(from)}`, `contract ${versionOf(to)}`);
  return pkg;
}

/** The checks before anything is written: a style the SDK takes, the new file's name, and that it is newer. */
function preflight(root, source) {
  const { spec } = readContractFile(source);
  const version = spec.info.version;
  const unsupported = unsupportedStyle(spec);
  if (unsupported) throw new Stop(`${source}: the SDK cannot be generated from this contract yet, so nothing was copied: ${unsupported}`);
  if (!isCalendarDate(version)) throw new Stop(`${source}: info.version is ${JSON.stringify(version)}, not a date (YYYY-MM-DD); PayWise names its contract versions by date`);
  const dir = join(root, "openapi");
  const name = `pw-wrappers.${version}.yaml`;
  if (existsSync(join(dir, name))) throw new Stop(`openapi/${name} already exists: a contract version is never changed in place (docs/VERSIONING.md)`);
  const previous = contractFiles(dir).at(-1);
  if (!previous) throw new Stop("openapi/ holds no contract to bump from");
  if (name < previous) throw new Stop(`${version} is older than the newest contract, openapi/${previous}`);
  return { spec, version, dir, name, previous };
}

/**
 * Why the generator refuses the new contract, or undefined: it is generated in memory, alone with
 * the overlay, before anything is copied, so an operation it cannot map (a path parameter beside
 * a body, a cookie parameter, a body that is not JSON, ...) is refused up front with its reason.
 * An overlay action that no longer fits is no reason to refuse the contract: the maintainer fixes
 * the overlay, and the generate step below says so.
 */
async function generationRefusal(root, source, name) {
  const scratch = mkdtempSync(join(tmpdir(), "pw-spec-bump-check-"));
  try {
    copyFileSync(source, join(scratch, name));
    copyFileSync(join(root, "openapi", OVERLAY_FILE), join(scratch, OVERLAY_FILE));
    const { render } = await import("./generate.mjs");
    await render(scratch);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.includes(`${OVERLAY_FILE} does not fit`) ? undefined : message;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** generated/ written from every contract in openapi/, the new one included, as `npm run generate` writes it. */
async function generate(root, out) {
  const { render } = await import("./generate.mjs");
  let files;
  try {
    files = await render(join(root, "openapi"));
  } catch (error) {
    throw new Stop(
      `generating the SDK from the new contract failed: ${error instanceof Error ? error.message : error}\nIf an overlay action matches nothing, fix openapi/${OVERLAY_FILE}, ` +
        "not the contract: the contract stays as PayWise publishes it. Then run the same spec:bump command again.",
    );
  }
  await writeGenerated(join(root, "generated"), files);
  out.log(`spec:bump: wrote ${files.size} files to generated/`);
}

async function bump(root, source, { test, date }, out) {
  const { spec, version, dir, name, previous } = preflight(root, source);
  const target = join(dir, name);
  const refusal = await generationRefusal(root, source, name);
  if (refusal) throw new Stop(`${source}: the SDK cannot be generated from this contract yet, so nothing was copied: ${refusal}`);

  copyFileSync(source, target);
  out.log(`spec:bump: copied ${source} to openapi/${name}`);
  await generate(root, out);
  const plan = await planRelease(root, pickContracts(root, { base: join(dir, previous), head: target }));

  out.log("");
  for (const line of plan.report()) out.log(line);
  const pkgPath = join(root, "package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
  const next = plan.next && compareVersions(plan.next, pkg.version) > 0 ? plan.next : pkg.version;
  writeFileSync(pkgPath, JSON.stringify(movePackage(pkg, previous, name, next), null, 2) + "\n");
  out.log(`package.json: version ${next}, ships openapi/${name}`);
  const prose = moveContractVersion(root, versionOf(previous), version);
  if (prose.length) out.log(`${prose.join(", ")}: contract ${versionOf(previous)} -> ${version}; review the wording.`);
  const answersPath = join(root, ANSWERS_PAGE);
  if (existsSync(answersPath)) writeFileSync(answersPath, withAnswerRows(readFileSync(answersPath, "utf8"), spec));
  const cliPath = join(root, CLI_PAGE);
  if (existsSync(cliPath)) {
    // The command line's commands as generated from the new contract a moment ago (first imported here).
    const { CLI_COMMANDS } = await import(pathToFileURL(join(root, "generated", "cli.ts")).href);
    writeFileSync(cliPath, withCommandRows(readFileSync(cliPath, "utf8"), CLI_COMMANDS));
  }
  writeFileSync(join(root, "CHANGELOG.md"), insertEntry(plan.changelog, plan.entry(next, date), next));
  out.log(`CHANGELOG.md: entry for ${next} drafted; review its wording.`);

  if (!test) {
    out.log("\nspec:bump: done without tests (--no-test). Next: npm test (to undo: git checkout, and remove the new files in openapi/ and generated/)");
    return;
  }
  if (!npmTest(root, out)) {
    throw new Stop(
      "npm test failed on the new contract (see above): the SDK's own code or tests need the changes the report lists. " +
        `To make them, run \`npm run spec:bump -- ${source} --no-test\`, which keeps the bump, then fix and run npm test.`,
    );
  }
  out.log("\nspec:bump: done. Review the CHANGELOG entry, then commit.");
}

/**
 * spec:bump on the package at `root`, with the command line's arguments; what it prints goes to
 * `out` (the nested npm test prints to this process's own output). Resolves to the exit code: 0,
 * or 1 when it stopped, having put back everything it touched. The tests call it in-process, each
 * on a copy of the package.
 */
export async function specBump(root, args, out = { log: console.log, error: console.error }) {
  let undo;
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { "no-test": { type: "boolean", default: false }, date: { type: "string" } } });
    if (positionals.length !== 1) throw new Stop("usage: npm run spec:bump -- path/to/new-contract.yaml [--no-test] [--date YYYY-MM-DD]");
    if (values.date !== undefined && !isCalendarDate(values.date)) throw new Stop(`--date must be YYYY-MM-DD, not ${values.date}`);
    // npm runs scripts from the package root; the path is the maintainer's, from where they typed it.
    const source = resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]);
    undo = snapshot(root, TOUCHED);
    await bump(root, source, { test: !values["no-test"], date: values.date ?? new Date().toISOString().slice(0, 10) }, out);
    undo.discard();
    return 0;
  } catch (error) {
    out.error(`spec:bump: ${error instanceof Error ? error.message : error}`);
    if (undo) {
      undo.restore();
      out.error(`spec:bump: put ${TOUCHED.join(", ")} back as they were; nothing of the bump is left.`);
    }
    return 1;
  }
}

// Run as a script, not imported.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // Ctrl-C during a step ends that step (npm gets the signal too); the restore still runs.
  process.on("SIGINT", () => console.error("\nspec:bump: interrupted"));
  process.exit(await specBump(ROOT, process.argv.slice(2)));
}
