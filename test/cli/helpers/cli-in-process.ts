// Runs the `paywise` command line in this process, through runCli: what src/cli/main.ts runs with the
// process's streams, environment, stdin and Ctrl-C. A child process adds to that only a node start
// and the bundle's load (about 0.3 s of CPU a run), so the tests run most commands here and keep
// child runs (cli-process.ts) where the process is the point: its exit code, its stdin, a signal,
// what Node itself prints on stderr (issue 30, item 4).
import { runCli } from "../../../src/cli/run";
import type { CliRun, CliRunOptions } from "./cli-process";

/** Runs `paywise ...args` in this process with `env` as its whole environment and `stdin` as its standard input. */
export async function runPaywiseHere(args: readonly string[], options: Pick<CliRunOptions, "env" | "stdin"> = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: { write: (text) => void (stdout += text) },
    stderr: { write: (text) => void (stderr += text) },
    env: options.env ?? {},
    readStdin: async () => options.stdin ?? "",
    signal: new AbortController().signal,
  });
  return { code, signal: null, stdout, stderr };
}
