// What `startMockServer({ dynamic: true })` hands Prism instead of the contract file: the
// contract with each answer's envelope pinned to its HTTP status (scripts/lib/dynamic-mock.mjs
// says why), written to a private temporary folder for as long as the mock runs.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTRACT_VERSION } from "../../generated/current";
import { DYNAMIC_MOCK_CONTRACT, STATIC_MOCK_CONTRACT } from "../../generated/dynamic-mock";

/** A contract file written for one mock server; `remove()` deletes it (safe to call twice). */
export interface WrittenContract {
  path: string;
  remove(): Promise<void>;
}

/** Writes the dynamic mock's contract (JSON, which Prism reads as it reads YAML) into a new temporary folder. */
export function writeDynamicContract(): Promise<WrittenContract> {
  return writeContract(DYNAMIC_MOCK_CONTRACT, "dynamic");
}

/**
 * Writes the static mock's contract, when the bundled one lacks an example for some answer
 * (scripts/lib/static-mock.mjs); undefined when it has them all and is served as it is.
 */
export async function writeStaticContract(): Promise<WrittenContract | undefined> {
  return STATIC_MOCK_CONTRACT === null ? undefined : writeContract(STATIC_MOCK_CONTRACT, "static");
}

async function writeContract(contract: unknown, kind: string): Promise<WrittenContract> {
  // mkdtemp makes a folder only this user can write to, with a name nobody could predict.
  const dir = await mkdtemp(join(tmpdir(), `paywise-${kind}-mock-`));
  const path = join(dir, `pw-wrappers.${CONTRACT_VERSION}.${kind}.json`);
  try {
    await writeFile(path, JSON.stringify(contract));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
