// TypeScript 7's compiler (the native one: `npm install typescript` gives it to users today), as the
// type checks of `npm test` run it. It checks the repository's half a thousand files in about 5 CPU
// seconds where TypeScript 5.9 in-process took about 30 (issue 30, item 4). TypeScript 5.9 stays
// for what needs its JavaScript API: openapi-typescript, the generator's printers, hover text.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

const packageDir = dirname(createRequire(import.meta.url).resolve("typescript-7/package.json"));
/** The package's launcher, which runs the platform's binary. */
export const NATIVE_TSC = join(packageDir, "bin", "tsc");

/** One error as tsc reports it, its file absolute; a report without a place has none. */
export type TscError = { file?: string; line?: number; code: string; message: string };

/**
 * `path(line,col): error TS1234: message`; a path holds no parenthesis here, so the pattern cannot
 * backtrack over a line. A line of another shape is kept whole as an error of its own (code "?").
 */
const PLACED = /^([^()\n]+)\((\d+),\d+\): error (TS\d+): (.*)$/;
const UNPLACED = /^error (TS\d+): (.*)$/;

/** tsc's `--pretty false` output as errors; a message's indented continuation lines join it. */
export function parseTscOutput(output: string, cwd: string): TscError[] {
  const errors: TscError[] = [];
  for (const line of output.split("\n")) {
    if (line.trim() === "") continue;
    const placed = PLACED.exec(line);
    const unplaced = placed ? null : UNPLACED.exec(line);
    if (placed) errors.push({ file: resolve(cwd, placed[1]!), line: Number(placed[2]), code: placed[3]!, message: placed[4]! });
    else if (unplaced) errors.push({ code: unplaced[1]!, message: unplaced[2]! });
    else if (/^\s/.test(line) && errors.length > 0) errors[errors.length - 1]!.message += `\n${line.trim()}`;
    else errors.push({ code: "?", message: line });
  }
  return errors;
}

/**
 * Runs `tsc --noEmit -p <project>` and returns its errors. A failed run that printed no error (a
 * crash, a missing binary) comes back as one error with what it printed, so it cannot pass.
 */
export function nativeTsc(project: string, cwd: string): Promise<TscError[]> {
  return new Promise((settle) => {
    execFile(process.execPath, [NATIVE_TSC, "--noEmit", "--pretty", "false", "-p", project], { cwd, maxBuffer: 64 * 1024 * 1024 }, (failure, stdout, stderr) => {
      const errors = parseTscOutput(`${stdout}${stderr}`, cwd);
      if (failure && errors.length === 0) errors.push({ code: "?", message: `tsc -p ${project} failed without an error report: ${failure.message}` });
      settle(errors);
    });
  });
}
