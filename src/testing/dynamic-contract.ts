// What `startMockServer({ dynamic: true })` hands Prism instead of the contract file: the
// contract with each answer's envelope pinned to its HTTP status (scripts/lib/dynamic-mock.mjs
// says why), written to a private temporary folder for as long as the mock runs.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTRACT_VERSION } from "../../generated/current";
import { DYNAMIC_MOCK_CONTRACT } from "../../generated/dynamic-mock";

/** A contract file written for one mock server; `remove()` deletes it (safe to call twice). */
export interface WrittenContract {
  path: string;
  remove(): Promise<void>;
}

/** Writes the dynamic mock's contract (JSON, which Prism reads as it reads YAML) into a new temporary folder. */
export async function writeDynamicContract(): Promise<WrittenContract> {
  // mkdtemp makes a folder only this user can write to, with a name nobody could predict.
  const dir = await mkdtemp(join(tmpdir(), "paywise-dynamic-mock-"));
  const path = join(dir, `pw-wrappers.${CONTRACT_VERSION}.dynamic.json`);
  try {
    await writeFile(path, JSON.stringify(DYNAMIC_MOCK_CONTRACT));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
