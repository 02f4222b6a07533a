// The demo is a newcomer's first contact with the SDK; this keeps it working.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { contractVersion } from "./helpers/spec";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

describe("npm run demo", () => {
  it("runs all four operations and a typed error against its own Prism, then stops it", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [tsxCli, "scripts/demo.ts"], { cwd: root, timeout: 60_000 });
    expect(stdout).toContain(`Prism is serving the ${contractVersion} contract`);
    expect(stdout).toContain("account.createSession");
    expect(stdout).toContain("session_token: 'H6QJ4F5JY4'");
    expect(stdout).toContain("account_status: 'available'");
    expect(stdout).toContain("challengeId: 'pw-challenge-demo-20260211-0001'");
    expect(stdout).toContain("currency: 'TTD'");
    expect(stdout).toContain("A typed error: ConflictError");
    expect(stdout).toContain("errorCode: 'AMBIGUOUS_MATCH'");
    expect(stdout).toContain("Prism stopped.");
  }, 90_000);
});
