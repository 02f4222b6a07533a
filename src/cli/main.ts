#!/usr/bin/env node
// The `paywise` bin (package.json "bin"; built to dist/cli.js by tsdown.config.ts, apart from the
// SDK's own entries so that a client neither loads nor bundles it).
import { runCli } from "./run";

const interrupt = new AbortController();
// The first Ctrl-C ends the call as APIUserAbortError (exit 130); a second one, Node's default, ends the process.
process.once("SIGINT", () => interrupt.abort());
// `paywise … | head` closes the pipe early: that is not the command's failure.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  readStdin,
  signal: interrupt.signal,
});
