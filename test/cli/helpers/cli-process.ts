// Runs the `paywise` command line in child processes, as a user runs it. src/cli/main.ts is bundled
// once per test file with esbuild into a temporary .mjs file in .tmp/ (shebang included), so that each run
// costs a node start (~0.2 s) instead of a TypeScript loader's (~1 s); the build itself is tested
// from the packed tarball (scripts/test-consumer.mjs).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
/** A run that takes longer than this has hung (a loaded 2-core machine starts node in well under 5 s). */
export const CLI_RUN_LIMIT_MS = 20_000;

let built: Promise<{ file: string; dir: string }> | undefined;

/** The bundled CLI, built on first use; `removeBuiltCli()` deletes it. */
export function builtCli(): Promise<{ file: string; dir: string }> {
  built ??= (async () => {
    // Inside the repository (.tmp/ is ignored), as dist/ is inside the package: what the testing kit
    // finds from its own location (the contract, Prism) it finds from the bundle's too.
    mkdirSync(join(REPO_ROOT, ".tmp"), { recursive: true });
    const dir = mkdtempSync(join(REPO_ROOT, ".tmp", "paywise-cli-test-"));
    const result = await build({
      entryPoints: [join(REPO_ROOT, "src/cli/main.ts")],
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      write: false,
      logLevel: "silent",
      // The testing kit's dynamic import stays a chunk of its own, as in the package.
      splitting: true,
      outdir: dir,
      outExtension: { ".js": ".mjs" },
    });
    for (const output of result.outputFiles) writeFileSync(output.path, output.contents);
    return { file: join(dir, "main.mjs"), dir };
  })();
  return built;
}

export async function removeBuiltCli(): Promise<void> {
  if (!built) return;
  const { dir } = await built;
  built = undefined;
  rmSync(dir, { recursive: true, force: true });
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** The child's whole environment: nothing is inherited, so no stray PAYWISE_* variable counts. */
  env?: Record<string, string>;
  /** What the child reads on stdin; it gets an empty stdin otherwise. */
  stdin?: string;
  /** Called once the child has started, with a way to signal it (SIGINT for Ctrl-C). */
  onStart?: (kill: (signal: NodeJS.Signals) => void) => void;
  limitMs?: number;
}

/** Runs `paywise ...args` and resolves once it has exited (or was killed at the limit). */
export async function runPaywise(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const { file } = await builtCli();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { env: options.env ?? {}, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const limit = setTimeout(() => child.kill("SIGKILL"), options.limitMs ?? CLI_RUN_LIMIT_MS);
    child.on("error", (error) => {
      clearTimeout(limit);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(limit);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? "");
    options.onStart?.((signal) => child.kill(signal));
  });
}

/** Runs `tasks` at most `width` at a time: child processes in parallel, without flooding 2 cores. */
export async function inBatches<const Tasks extends readonly (() => Promise<unknown>)[]>(tasks: Tasks, width = 4): Promise<{ -readonly [K in keyof Tasks]: Awaited<ReturnType<Tasks[K]>> }> {
  const results: unknown[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
  return results as { -readonly [K in keyof Tasks]: Awaited<ReturnType<Tasks[K]>> };
}

/** A run's whole output, for messages. */
export const shown = (run: CliRun) => `exit ${run.code}${run.signal ? ` (${run.signal})` : ""}\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`;
