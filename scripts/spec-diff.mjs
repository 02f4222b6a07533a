#!/usr/bin/env node
// What changed between the two newest contracts in openapi/, per SDK method, and what the next
// release must be (docs/VERSIONING.md). See CONTRIBUTING.md, "Bumping the contract".
//
//   npm run spec:diff                         report, proposed version, CHANGELOG draft
//   npm run spec:diff -- --base v0.1.0        compare with the contract at a git ref (or a file)
//   npm run spec:diff -- --head new.yaml      compare a file not yet in openapi/
//   npm run spec:diff -- --write-changelog    add the draft to CHANGELOG.md
//   npm run spec:diff -- --check              fail when package.json or CHANGELOG.md lag behind
import { readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { insertEntry, namesContract, releaseSection } from "./lib/changelog.mjs";
import { pickContracts, planRelease } from "./lib/release-plan.mjs";
import { compareVersions, describeBump } from "./lib/spec-report.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const today = () => new Date().toISOString().slice(0, 10);

/** Why package.json and CHANGELOG.md do not yet say what the changes require; empty when they do. */
function lagging(root, plan, headFile) {
  const { pkg, result, next, level, released } = plan;
  const problems = [];
  if (!plan.releasedFromChangelog) {
    problems.push(`CHANGELOG.md names no release built from contract **${result.baseVersion}**, so the version to count from is unknown; add that to the release's entry`);
    return problems;
  }
  if (compareVersions(pkg.version, next) < 0) problems.push(`package.json says version ${pkg.version}, but the changes since ${released} (contract ${result.baseVersion}) are a ${describeBump(released, level)}: set "version" to ${next}`);
  const version = compareVersions(pkg.version, next) < 0 ? next : pkg.version;
  const section = releaseSection(plan.changelog, version);
  if (!section) problems.push(`CHANGELOG.md has no entry for ${version}: add one (npm run spec:diff -- --write-changelog drafts it)`);
  else if (!namesContract(section.body, result.headVersion)) problems.push(`CHANGELOG.md's entry for ${version} does not name the contract it is built from: write "contract **${result.headVersion}**" in it`);
  if (dirname(resolve(root, headFile)) === join(root, "openapi")) {
    const shipped = `./openapi/${basename(headFile)}`;
    if (pkg.exports?.["./openapi.yaml"] !== shipped) problems.push(`package.json exports["./openapi.yaml"] is ${JSON.stringify(pkg.exports?.["./openapi.yaml"])}, not "${shipped}"`);
    if (!pkg.files?.includes(shipped.slice(2))) problems.push(`package.json "files" does not list ${shipped.slice(2)}`);
  }
  return problems;
}

/**
 * spec:diff on the package at `root`, with the command line's arguments; what it prints goes to
 * `out`. Resolves to the exit code: 0, 1 when --check finds package.json or CHANGELOG.md behind,
 * 2 when it could not compare. The tests call it in-process, each on a copy of the package.
 */
export async function specDiff(root, args, out = { log: console.log, error: console.error }) {
  try {
    return await compare(root, args, out);
  } catch (error) {
    out.error(`spec:diff: ${error instanceof Error ? error.message : error}`);
    return 2;
  }
}

async function compare(root, args, out) {
  const { values } = parseArgs({
    args,
    options: {
      base: { type: "string" },
      head: { type: "string" },
      check: { type: "boolean", default: false },
      "write-changelog": { type: "boolean", default: false },
      date: { type: "string" },
    },
  });
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new Error(`--date must be YYYY-MM-DD, not ${values.date}`);
  const contracts = pickContracts(root, values);
  if (!contracts) {
    out.log("spec:diff: openapi/ holds a single contract and no --base was given: nothing to compare.");
    return 0;
  }
  const plan = await planRelease(root, contracts);
  out.log(`spec:diff: ${contracts.base.where} -> ${contracts.head.where}`);
  for (const line of plan.report()) out.log(line);
  if (!plan.level) return 0;

  if (values.check) {
    const problems = lagging(root, plan, contracts.head.where);
    if (problems.length === 0) {
      out.log(`spec:diff --check: package.json (${plan.pkg.version}) and CHANGELOG.md match the changes.`);
      return 0;
    }
    out.error(`spec:diff --check failed:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\nnpm run spec:bump does all of this for a new contract; see CONTRIBUTING.md, "Bumping the contract".`);
    return 1;
  }

  const entry = plan.entry(plan.next, values.date ?? today());
  if (values["write-changelog"]) {
    writeFileSync(join(root, "CHANGELOG.md"), insertEntry(plan.changelog, entry, plan.next));
    out.log(`CHANGELOG.md: entry for ${plan.next} added; review its wording before the release.`);
  } else {
    out.log(`\nCHANGELOG draft (--write-changelog adds it):\n\n${entry}`);
  }
  return 0;
}

// Run as a script, not imported.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exit(await specDiff(ROOT, process.argv.slice(2)));
}
