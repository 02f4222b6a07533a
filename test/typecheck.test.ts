// `npm run typecheck` (tsc over src/, generated/, test/ with its type tests, and scripts/ as checked
// JavaScript) as one of npm test's test files: it runs beside the others on the second core,
// where it used to run before them all, alone on one (issue 30, item 4).
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Two tsc programs, about half a minute of CPU on a quiet machine; far more on a loaded one. */
const LIMIT_MS = 600_000;

it("npm run typecheck passes", { timeout: LIMIT_MS }, async () => {
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    execFile("npm", ["run", "--silent", "typecheck"], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
  expect(output).toBe("");
  expect(code).toBe(0);
});
