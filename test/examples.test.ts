// examples/ are programs a newcomer runs first: each must run as it is, against its own mock, and
// print what the contract's documented answers say (issue 10, item 9).
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { operationPath } from "./helpers/fixtures";
import { operations, responseExamples } from "./helpers/spec";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

async function runExample(name: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [tsxCli, "--tsconfig", "examples/tsconfig.json", `examples/${name}`], {
    cwd: root,
    timeout: 60_000,
    // Nothing from the environment: the examples pass every option they need.
    env: { PATH: process.env.PATH ?? "" },
  });
  return stdout.trimEnd().split("\n");
}

describe("examples/", { timeout: 90_000 }, () => {
  it("try-it.ts makes a first call against the in-process PayWise and prints the documented account status", async () => {
    const getStatus = operations().find((op) => op.path === operationPath("getStatus") && op.method === "GET")!;
    const success = responseExamples(getStatus).find((example) => example.status >= 200 && example.status < 300)!;
    // The envelope carries the payload in `data` or as flattened fields.
    const body = success.value as { data?: { account_status: string }; account_status?: string };
    const documented = (body.data ?? body).account_status;
    expect(documented).toEqual(expect.any(String));
    expect(await runExample("try-it.ts")).toEqual([`account_status: ${documented}`]);
  });

  it("quickstart.ts runs the four operations against the mock", async () => {
    expect(await runExample("quickstart.ts")).toEqual([
      "createSession: available, session token H6QJ4F5JY4",
      "getStatus: available, session token 1YU9Z52HTV",
      "register: challenge pw-challenge-demo-20260211-0001",
      "getBalance: 1250.75 TTD",
    ]);
  });

  it("errors.ts handles a ConflictError by retrying with the email, and shows a refused input", async () => {
    expect(await runExample("errors.ts")).toEqual([
      "ConflictError 409 AMBIGUOUS_MATCH: Multiple matches found. Please use the email key in the body.",
      "with the email: session token H6QJ4F5JY4",
      expect.stringMatching(/^InvalidRequestError: mobile_number /),
    ]);
  });

  it("with-response.ts shows the payload, the envelope's meta fields and the HTTP response", async () => {
    expect(await runExample("with-response.ts")).toEqual([
      "data: available, session token 1YU9Z52HTV",
      'meta: success 200 "Account in good standing.", request id 4ae4daab-7728-4132-a727-795a6eb19ef5',
      "response: HTTP 200, application/json",
    ]);
  });

  it("telemetry.ts prints the call's span, its attempt's and the duration metric through the console exporters, without the key", async () => {
    const output = (await runExample("telemetry.ts")).join("\n");
    expect(output).toContain("name: 'paywise.account.getStatus'");
    // The attempt (CLIENT) ends first, then the call (INTERNAL).
    expect(output.match(/kind: \d,/g)).toEqual(["kind: 2,", "kind: 0,"]);
    expect(output).toContain("name: 'GET /account/account'");
    expect(output).toContain("'paywise.operation': 'account.getStatus'");
    expect(output).toContain("'url.template': '/account/account'");
    expect(output).toContain("'http.response.status_code': 200");
    expect(output.match(/name: 'http\.client\.request\.duration'/g)).toHaveLength(1);
    expect(output).toContain("unit: 's'");
    expect(output).not.toContain("0123456789abcdef0123456789abcdef");
    expect(output).not.toContain("18681112220");
  });
});
