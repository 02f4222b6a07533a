// Writing generated/ from the generator's files in memory (scripts/generate.mjs's render()): the
// folder is replaced whole, so a file no contract generates any more does not linger.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/** Replaces `dir` with `files` (path relative to `dir` -> text). */
export async function writeGenerated(dir, files) {
  await rm(dir, { recursive: true, force: true });
  for (const [rel, text] of files) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
}
