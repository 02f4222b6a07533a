// The demo is a newcomer's first contact with the SDK; this keeps it working. What it must show
// comes from the contract: each operation's answer as the mock serves it (its documented example,
// else the one generated for it, test/helpers/served.ts), and the 409's error code.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { methodName, resourceName } from "../scripts/lib/sdk-names.mjs";
import { servedExample } from "./helpers/served";
import { contractVersion, operations, successStatus } from "./helpers/spec";

const root = fileURLToPath(new URL("..", import.meta.url));
/** The envelope's own fields: the demo shows what a call resolves to, which leaves them out. */
const ENVELOPE = new Set(["status", "code", "message", "request_id", "timestamp", "observed_client_ip"]);

/** The string values of what an example answer resolves to (its `data`, else its flattened fields). */
function shownValues(value: unknown): string[] {
  const body = value as Record<string, unknown>;
  const payload = body.data ?? Object.fromEntries(Object.entries(body).filter(([key]) => !ENVELOPE.has(key)));
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === "string") out.push(node);
    else if (node && typeof node === "object") Object.values(node).forEach(walk);
  };
  walk(payload);
  return out;
}

describe("npm run demo", () => {
  it("shows each operation it calls resolving to its documented answer, and a typed error against its own Prism, then stops it", async () => {
    // What `tsx scripts/demo.ts` runs, without the tsx command's own node process in front of it
    // (a third of a CPU second, issue 30, item 4): the same node with tsx's loader.
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/demo.ts"], { cwd: root, timeout: 60_000 });
    expect(stdout).toContain(`Prism is serving the ${contractVersion} contract`);
    let shown = 0;
    for (const op of operations()) {
      // The demo shows the operations it calls, each under its method's name; a new one is not among them.
      if (!new RegExp(`^${resourceName(op.operation)}\\.${methodName(op.operation)}\\b`, "m").test(stdout)) continue;
      const success = servedExample(op, successStatus(op));
      for (const value of shownValues(success)) expect(stdout, `${op.operationId}'s served ${successStatus(op)}`).toContain(`'${value}'`);
      shown++;
    }
    expect(shown).toBeGreaterThan(0);
    // The demo asks the mock for a 409 (Prism serves its first example).
    const conflicted = operations().find((op) => op.method === "POST" && "409" in op.operation.responses)!;
    expect(stdout).toContain("A typed error: ConflictError");
    const errorCode = /"error_code":"([^"]+)"/.exec(JSON.stringify(servedExample(conflicted, 409)))?.[1];
    expect(errorCode).toBeDefined();
    expect(stdout).toContain(`errorCode: '${errorCode}'`);
    expect(stdout).toContain("Prism stopped.");
  }, 90_000);
});
