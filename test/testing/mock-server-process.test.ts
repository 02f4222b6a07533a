// The mock helper never holds a process open, and never outlives it (issue 15, item 5): a script
// that starts a mock server and forgets close() still exits by itself, and its Prism stops with it.
import { beforeAll, describe, expect, it } from "vitest";
import { specPath } from "../../src/testing";
import { bundleForNode, childResult, runNode } from "../helpers/child-node";

/** Prism's startup (seconds on a busy machine) plus the script's own exit. */
const EXIT_LIMIT_MS = 40_000;
/** How long a stopped Prism may take to stop answering once its parent is gone. */
const STOP_LIMIT_MS = 10_000;

/** A script that starts a mock server, prints where it listens, and then forgets it. */
const FORGETS_CLOSE = `
import { startMockServer } from "./src/testing/index.ts";
const server = await startMockServer({ specPath: process.env.SPEC_PATH });
const answer = await fetch(server.url + "/account/balance", { method: "POST" });
console.log("RESULT " + JSON.stringify({ url: server.url, status: answer.status }));
`;

let bundle: string;
beforeAll(async () => {
  bundle = await bundleForNode(FORGETS_CLOSE);
});

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
    const run = await runNode(bundle, { env: { SPEC_PATH: specPath(), PATH: process.env.PATH ?? "" }, limitMs: EXIT_LIMIT_MS });
    const { url, status } = childResult<{ url: string; status: number }>(run);
    // The server was Prism serving the contract (its 400 example for a request without headers).
    expect(status).toBe(400);
    expect(run.exitedByItself, `the script did not exit by itself:\n${run.stderr}`).toBe(true);
    expect(run.code).toBe(0);
    expect(await stopsAnswering(url)).toBe(true);
  });
});
