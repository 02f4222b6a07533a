// The checks `npm test` once ran before vitest, run here on the repository itself (issue 30, item
// 4): `npm run check:generated` and `npm run spec:diff -- --check` in-process, and Spectral. As children they cost two node processes and the generators'
// start-up (about 6 CPU seconds, with nothing else running meanwhile); here they are the commands'
// own functions, in a worker that has most of their modules loaded already. The command lines are
// still run as scripts: spec:diff by spec-diff.test.ts, the generator's by .ci/run after npm test.
// Spectral runs as `npm run lint:spec`, a child like before, but beside the other test files rather
// than alone before them (3.5 s of the suite's length).
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { generateCommand } from "../../scripts/generate.mjs";
import { specDiff } from "../../scripts/spec-diff.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
/** Rendering runs openapi-typescript and hey-api on every contract: slow on a loaded 2-core machine. */
const RENDER_TIMEOUT_MS = 180_000;

type Command = (root: string, args: string[], out: { log(line: string): void; error(line: string): void }) => Promise<number>;

/** A command on the repository, in-process: its exit code and what it printed. */
async function run(command: Command, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await command(ROOT, args, { log: (line) => stdout.push(line), error: (line) => stderr.push(line) });
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

describe("the repository as it is", () => {
  it("has generated/ (and docs/api.md) exactly as the contracts in openapi/ produce them: npm run check:generated", { timeout: RENDER_TIMEOUT_MS }, async () => {
    const result = await run(generateCommand, ["--check"]);
    // The differing files, and that `npm run generate` rewrites them, are in stderr.
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^generated\/ matches openapi\/ \(\d+ files\)\.$/);
  });

  it("has package.json and CHANGELOG.md where the contracts' changes put them: npm run spec:diff -- --check", { timeout: RENDER_TIMEOUT_MS }, async () => {
    const result = await run(specDiff, ["--check"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("has contracts that pass Spectral's spectral:oas ruleset: npm run lint:spec", { timeout: RENDER_TIMEOUT_MS }, async () => {
    // A finding of severity error exits non-zero; Spectral's report is on stdout.
    const result = await promisify(execFile)("npm", ["run", "--silent", "lint:spec"], { cwd: ROOT }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (failure: { code?: unknown; stdout?: string; message: string }) => ({ code: failure.code, stdout: failure.stdout || failure.message }),
    );
    expect(result.code, result.stdout).toBe(0);
  });
});
