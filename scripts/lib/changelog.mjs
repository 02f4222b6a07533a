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

/**
 * The text with the release `entry` added above the newest release, below "## Unreleased": notes
 * waiting there stay where they are (issue 16, item 3); the maintainer moves what the release
 * ships when they cut it.
 */
export function insertEntry(text, entry, version) {
  if (releaseSection(text, version)) throw new Error(`CHANGELOG.md already has an entry for ${version}; edit it rather than adding a second`);
  const first = [...text.matchAll(HEADING)][0];
  const at = first ? first.index : text.length;
  return `${text.slice(0, at).replace(/\n*$/, "\n\n")}${entry.trimEnd()}\n\n${text.slice(at)}`;
}
