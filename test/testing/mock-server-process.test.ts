// The mock helper never holds a process open, and never outlives it (issue 15, item 5): a script
// that starts a mock server and forgets close() still exits by itself, and its Prism stops with it.
//
// The "Prism" here is a stand-in installed where startMockServer() looks for Prism, a plain node
// HTTP server that says it is listening as Prism does (issue 30, item 4): what is checked is
// startMockServer()'s process handling (the preload that ends the child when its parent's pipe
// closes, and the unref'd child and pipes), which works the same for any node program, and a real
// Prism start costs 1.5 CPU seconds more. test/testing/mock-server.test.ts starts and stops the real one.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { specPath } from "../../src/testing";
import { bundleForNode, childResult, runNode } from "../helpers/child-node";

/** The stand-in's start plus the script's own exit. */
const EXIT_LIMIT_MS = 40_000;
/** How long a stopped Prism may take to stop answering once its parent is gone. */
const STOP_LIMIT_MS = 10_000;

/** A script that starts a mock server, prints where it listens, and then forgets it. */
const FORGETS_CLOSE = `
import { startMockServer } from "./src/testing/index.ts";
const server = await startMockServer({ specPath: process.env.SPEC_PATH });
const answer = await fetch(server.url + "/account/balance", { method: "POST" });
console.log("RESULT " + JSON.stringify({ url: server.url, status: answer.status, body: await answer.json() }));
`;

/**
 * Prism's command line as startMockServer() uses it: `mock <spec> --host <h> --port <p>`, then the
 * line Prism prints once listening. It answers every request with a 400 that names its arguments.
 */
const STAND_IN = `
const { createServer } = require("node:http");
const args = process.argv.slice(2);
const option = (name) => args[args.indexOf(name) + 1];
const server = createServer((request, response) => {
  request.resume().on("end", () => response.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ args })));
});
server.listen(Number(option("--port")), option("--host"), () => {
  console.log("[CLI] start     Prism is listening on http://" + option("--host") + ":" + server.address().port);
});
`;

let bundle: string;
/** A folder whose node_modules holds the stand-in as @stoplight/prism-cli. */
let folder: string;
beforeAll(async () => {
  bundle = await bundleForNode(FORGETS_CLOSE);
  folder = await mkdtemp(join(tmpdir(), "paywise-stand-in-prism-"));
  const packageDir = join(folder, "node_modules", "@stoplight", "prism-cli");
  await mkdir(packageDir, { recursive: true });
  await writeFile(join(packageDir, "package.json"), JSON.stringify({ name: "@stoplight/prism-cli", version: "5.14.2", bin: { prism: "./stand-in.js" } }));
  await writeFile(join(packageDir, "stand-in.js"), STAND_IN);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

/** Whether anything still answers at the URL, asked until it stops or the limit passes. */
async function stopsAnswering(url: string): Promise<boolean> {
  const giveUpAt = Date.now() + STOP_LIMIT_MS;
  while (Date.now() < giveUpAt) {
    const answered = await fetch(`${url}/account/balance`, { method: "POST", signal: AbortSignal.timeout(1_000) }).then(
      () => true,
      () => false,
    );
    if (!answered) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

describe("a script that forgets close()", { timeout: EXIT_LIMIT_MS + STOP_LIMIT_MS + 10_000 }, () => {
  it("exits by itself, and its Prism stops with it", async () => {
    // Run from the folder, so that the script's startMockServer() finds the stand-in as Prism.
    const run = await runNode(bundle, { cwd: folder, env: { SPEC_PATH: specPath(), PATH: process.env.PATH ?? "" }, limitMs: EXIT_LIMIT_MS });
    const { url, status, body } = childResult<{ url: string; status: number; body: { args: string[] } }>(run);
    // The server was the one the script started, with Prism's arguments for the given spec.
    expect(status).toBe(400);
    expect(body.args).toEqual(["mock", specPath(), "--host", "127.0.0.1", "--port", "0"]);
    expect(run.exitedByItself, `the script did not exit by itself:\n${run.stderr}`).toBe(true);
    expect(run.code).toBe(0);
    expect(await stopsAnswering(url)).toBe(true);
  });
});
