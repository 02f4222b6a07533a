// A copy of what spec:bump may change, so that any failure puts the repository back exactly as it
// was (issue 16, item 5): a half-bumped repo, where re-running says the contract already exists,
// is worse than none.
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Takes a copy of `paths` (files or folders, relative to `root`); `restore()` puts each back, `discard()` drops the copy. */
export function snapshot(root, paths) {
  const dir = mkdtempSync(join(tmpdir(), "pw-spec-bump-undo-"));
  const existed = new Map(paths.map((path) => [path, existsSync(join(root, path))]));
  for (const [path, exists] of existed) if (exists) cpSync(join(root, path), join(dir, path), { recursive: true });
  return {
    restore() {
      for (const [path, exists] of existed) {
        rmSync(join(root, path), { recursive: true, force: true });
        if (exists) cpSync(join(dir, path), join(root, path), { recursive: true });
      }
      rmSync(dir, { recursive: true, force: true });
    },
    discard() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
