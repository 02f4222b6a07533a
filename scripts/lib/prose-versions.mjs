// Where prose names the contract version: the README, CONTRIBUTING.md, docs/, the demo, the bench
// and the examples. A bump moves the README's, CONTRIBUTING.md's and docs' mentions (spec:bump calls moveContractVersion); the demo and
// the bench read the version from the code. `npm test` (test/prose-versions.test.ts) fails on any
// mention that is not the newest contract, so a date left behind is caught, not shipped.
// CHANGELOG.md is history and is left out.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/** What is checked, relative to the package root; folders are read whole. */
export const PROSE_PATHS = ["README.md", "CONTRIBUTING.md", "docs", "examples", "scripts/demo.ts", "bench", "package.json"];
/** What spec:bump rewrites: prose that cannot import the version. */
export const REWRITTEN_PATHS = ["README.md", "CONTRIBUTING.md", "docs"];

const TEXT_FILE = /\.(md|ts|mts|mjs|js|json)$/;
const DATE = /\b\d{4}-\d{2}-\d{2}\b/g;
/** A date in a place that only a contract version takes: "contract version `X`", "contract **X**", "version=X", "pw-wrappers.X". */
const CONTRACT_CONTEXT = /(?:contract(?: version)?[\s`*(]*|version=|pw-wrappers\.)(\d{4}-\d{2}-\d{2})/gi;

/** The text files under the given paths (relative to `root`), skipping what does not exist. */
export function proseFiles(root, paths = PROSE_PATHS) {
  const out = [];
  const walk = (path) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) if (name !== "node_modules" && !name.startsWith(".")) walk(join(path, name));
    } else if (TEXT_FILE.test(path)) out.push(path);
  };
  for (const path of paths) walk(join(root, path));
  return out;
}

/**
 * The lines of `text` that name a contract version other than `newest`: any date that is another
 * contract of openapi/ (`others`), and any date in a contract version's place.
 */
export function staleMentions(text, newest, others) {
  const found = [];
  text.split("\n").forEach((line, i) => {
    const dates = new Set([...line.matchAll(DATE)].map((match) => match[0]).filter((date) => others.includes(date)));
    for (const match of line.matchAll(CONTRACT_CONTEXT)) if (match[1] !== newest) dates.add(match[1]);
    for (const version of dates) found.push({ line: i + 1, version, text: line.trim() });
  });
  return found;
}

/** Every stale mention in the prose files: `{ file, line, version, text }`, file relative to root. */
export function staleProse(root, newest, others) {
  return proseFiles(root).flatMap((file) => staleMentions(readFileSync(file, "utf8"), newest, others).map((found) => ({ file: relative(root, file), ...found })));
}

/** Replaces `from` by `to` in the README, CONTRIBUTING.md and docs/; returns the files it changed, relative to root. */
export function moveContractVersion(root, from, to) {
  const changed = [];
  for (const file of proseFiles(root, REWRITTEN_PATHS)) {
    const text = readFileSync(file, "utf8");
    if (!text.includes(from)) continue;
    writeFileSync(file, text.split(from).join(to));
    changed.push(relative(root, file));
  }
  return changed;
}
