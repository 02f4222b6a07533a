// Reading and extending CHANGELOG.md (Keep a Changelog: "## 0.1.0 - 2026-11-22" per release, each
// naming the contract it was built from as "contract **2024-10-01**").

const HEADING = /^## (\d+\.\d+\.\d+)\b.*$/gm;

/** Every release section: `{ version, body }`, newest first as the file lists them. */
export function releases(text) {
  const heads = [...text.matchAll(HEADING)];
  return heads.map((head, i) => ({ version: head[1], body: text.slice(head.index, heads[i + 1]?.index ?? text.length) }));
}

export const namesContract = (body, contractVersion) => body.includes(`contract **${contractVersion}**`);

/** The section of `version`, or undefined. */
export const releaseSection = (text, version) => releases(text).find((release) => release.version === version);

/** The newest release built from `contractVersion`, or undefined. */
export function releaseBuiltFrom(text, contractVersion, compareVersions) {
  return releases(text)
    .filter((release) => namesContract(release.body, contractVersion))
    .map((release) => release.version)
    .sort((a, b) => compareVersions(b, a))[0];
}

const UNRELEASED = /^## \[?Unreleased\]?[^\n]*\n/m;

/** "### Added\n- a\n" blocks by title, in order; text before the first one under "". */
function sections(body) {
  const out = new Map();
  for (const block of body.split(/^(?=### )/m)) {
    const title = block.startsWith("### ") ? block.slice(4, block.indexOf("\n") === -1 ? undefined : block.indexOf("\n")).trim() : "";
    const items = (title ? block.slice(block.indexOf("\n") + 1) : block).trim();
    if (items) out.set(title, [out.get(title), items].filter(Boolean).join("\n"));
  }
  return out;
}

/**
 * The text with the release `entry` added above the newest release. What "## Unreleased" held
 * moves into it, section by section (the release is what was unreleased), leaving the heading.
 */
export function insertEntry(text, entry, version) {
  if (releaseSection(text, version)) throw new Error(`CHANGELOG.md already has an entry for ${version}; edit it rather than adding a second`);
  const unreleased = UNRELEASED.exec(text);
  const first = [...text.matchAll(HEADING)][0];
  const at = first ? first.index : text.length;
  let merged = entry.trimEnd();
  let before = text.slice(0, at);
  if (unreleased && unreleased.index < at) {
    const start = unreleased.index + unreleased[0].length;
    const held = sections(text.slice(start, at));
    const [intro = "", ...rest] = entry.trimEnd().split(/^(?=### )/m);
    const own = sections(rest.join(""));
    for (const [title, items] of held) own.set(title, [own.get(title), items].filter(Boolean).join("\n"));
    merged = [intro.trimEnd(), ...[...own].map(([title, items]) => (title ? `### ${title}\n${items}` : items))].join("\n\n");
    before = text.slice(0, start);
  }
  return `${before.replace(/\n*$/, "\n\n")}${merged}\n\n${text.slice(at)}`;
}
