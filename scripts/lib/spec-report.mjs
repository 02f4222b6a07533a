// The words of a spec diff: the report per SDK method, the next package version (docs/VERSIONING.md)
// and the CHANGELOG entry draft.
import { changelogLine, retryPolicyWords } from "./changelog-words.mjs";

const RELEASE = /^(\d+)\.(\d+)\.(\d+)$/;

export function parseVersion(version) {
  const match = RELEASE.exec(String(version));
  if (!match) throw new Error(`"${version}" is not a release version (MAJOR.MINOR.PATCH)`);
  return match.slice(1).map(Number);
}

/** -1, 0 or 1, as `a` is lower than, equal to or higher than `b`. */
export function compareVersions(a, b) {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

/**
 * The release level the changes require (docs/VERSIONING.md): a new contract version is never a
 * patch; breaking changes make it major, anything else minor. A corrected file of the same
 * contract version follows the changes alone. Undefined when there is nothing to release.
 */
export function releaseLevel(result) {
  const contractMoved = result.baseVersion !== result.headVersion;
  if (result.level === "breaking") return "major";
  if (result.level === "additive" || contractMoved) return "minor";
  return result.level === "cosmetic" ? "patch" : undefined;
}

/** The version after `current` for a level; before 1.0 every level moves one place right. */
export function nextVersion(current, level) {
  const [major, minor, patch] = parseVersion(current);
  const place = ["major", "minor", "patch"].indexOf(level) + (major === 0 ? 1 : 0);
  if (place === 0) return `${major + 1}.0.0`;
  if (place === 1) return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** "major change (pre-1.0: next minor, 0.2.0)" or "minor change, 1.3.0". */
export function describeBump(current, level) {
  const next = nextVersion(current, level);
  if (parseVersion(current)[0] !== 0) return `${level} change, ${next}`;
  const shifted = { major: "minor", minor: "patch", patch: "patch" }[level];
  return `${level} change (pre-1.0: next ${shifted}, ${next})`;
}

/** The report as lines: one heading per changed method, one indented line per change. */
export function reportLines(result, released) {
  const lines = [`Contract ${result.baseVersion} -> ${result.headVersion}`];
  if (!result.methods.length) lines.push("No change an SDK user can see.");
  for (const method of result.methods) {
    lines.push(`${method.name} (${method.where}): ${method.level}`);
    for (const change of method.changes) lines.push(`  ${change.level.padEnd(8)}  ${change.text}`);
    // A new method's retry policy is a decision: the report shows it so that someone accepts it.
    if (method.sdk && method.changes.some((change) => change.text === "new method")) lines.push(`            retry policy: ${retryPolicyWords(method.sdk)}`);
  }
  const affected = (level) => result.methods.filter((method) => method.level === level).map((method) => method.name);
  for (const level of ["breaking", "additive", "cosmetic"]) {
    const names = affected(level);
    if (names.length) lines.push(`${level[0].toUpperCase() + level.slice(1)}: ${names.join(", ")}`);
  }
  const level = releaseLevel(result);
  lines.push(level ? `Next version: ${describeBump(released, level)}` : `Next version: none needed (still ${released})`);
  return lines;
}

const CHANGELOG_SECTIONS = ["Breaking", "Added", "Changed"];

/**
 * The CHANGELOG section of a change: what breaks; what is new (`isNew`: a method, a field, an enum
 * value, an example); and everything else, such as a loosened bound or a changed example.
 */
function sectionOf(change) {
  if (change.level === "breaking") return "Breaking";
  return change.level === "additive" && change.isNew ? "Added" : "Changed";
}

/** The CHANGELOG entry for the release that moves to the head contract. */
export function changelogEntry(result, version, date) {
  const level = releaseLevel(result);
  const lines = [
    `## ${version} - ${date}`,
    "",
    `Built from contract **${result.headVersion}** (was ${result.baseVersion}): a ${level ?? "no"}-level change under docs/VERSIONING.md.`,
  ];
  for (const title of CHANGELOG_SECTIONS) {
    const items = result.methods.flatMap((method) =>
      method.changes.filter((change) => sectionOf(change) === title).map((change) => (method.sdk ? changelogLine(change, method.sdk) : `- \`${method.name}\`: ${change.text}.`)),
    );
    if (items.length) lines.push("", `### ${title}`, ...items);
  }
  return lines.join("\n") + "\n";
}
