// Runs code in a fresh node process: the only honest way to see whether a call leaves a timer or
// a socket behind (the process then does not exit by itself) and to measure memory without the
// test runner's own heap in the figures. The SDK is bundled from src/ with esbuild in memory and fed
// to node through stdin, so nothing is written to disk.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Bundles an ES module whose imports resolve from the repository root (`./src/index.ts`). */
export async function bundleForNode(source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: REPO_ROOT, loader: "ts", sourcefile: "child-entry.ts" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

export interface ChildRun {
  /** Exit code; null when the child had to be killed. */
  code: number | null;
  /** True when the child exited by itself within the limit. */
  exitedByItself: boolean;
  stdout: string;
  stderr: string;
}

export interface RunNodeOptions {
  /** The child's whole environment (nothing is inherited, so no stray PAYWISE_* or NODE_OPTIONS). */
  env?: Record<string, string>;
  /** Working folder of the child, where its bare imports resolve from at run time. @default this process's */
  cwd?: string;
  /** Flags for node itself, such as --expose-gc. */
  nodeArgs?: string[];
  /** The child is killed if it is still running this long after it started. */
  limitMs: number;
}

/** Runs an ES module (as text) in a new node process and waits for it to exit or be killed. */
export function runNode(code: string, options: RunNodeOptions): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--input-type=module", "-"], {
      env: options.env ?? {},
      cwd: options.cwd,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    let killed = false;
    const limit = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, options.limitMs);
    child.on("error", (error) => {
      clearTimeout(limit);
      reject(error);
    });
    child.on("close", (exitCode) => {
      clearTimeout(limit);
      resolve({ code: exitCode, exitedByItself: !killed, stdout, stderr });
    });
    child.stdin.end(code);
  });
}

/** The JSON a child printed on its last line that starts with `RESULT `. */
export function childResult<T>(run: ChildRun): T {
  const line = run.stdout
    .split("\n")
    .reverse()
    .find((candidate) => candidate.startsWith("RESULT "));
  if (!line) throw new Error(`the child printed no RESULT line.\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  return JSON.parse(line.slice("RESULT ".length)) as T;
}

export interface NodeServer {
  /** Base URL without a trailing slash. */
  url: string;
  /** Stops the server (SIGTERM) and resolves with everything it printed. */
  stop(): Promise<string>;
}

/**
 * Starts an ES module (as text) in a new node process that listens on 127.0.0.1 and prints
 * `PORT <n>` once it does. `stop()` ends it; so does the parent's exit, as it reads stdin.
 */
export function startNodeServer(code: string, env: Record<string, string> = {}): Promise<NodeServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", code], { env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const exited = new Promise<void>((done) => child.on("close", () => done()));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const port = /^PORT (\d+)$/m.exec(stdout)?.[1];
      if (port === undefined) return;
      resolve({
        url: `http://127.0.0.1:${port}`,
        async stop() {
          child.kill("SIGTERM");
          await exited;
          return stdout;
        },
      });
    });
    child.on("error", reject);
    void exited.then(() => reject(new Error(`the server exited before listening:\n${stderr}`)));
  });
}
