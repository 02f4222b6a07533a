// Issue 9, item 5: PayWise's next contract (test/fixtures/spec-bump) taken through the whole
// pipeline in a temporary copy of the project: generate (which first fails on the overlay action
// the bump left without a target, then passes once the maintainer drops it), typecheck, the new
// method called through Prism on that contract, and its debug log lines checked for secrets and
// personal data. The contract file itself is never edited. The spec diff's report is H2's test.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { startMockServer, type MockServer } from "../../src/testing";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURE = "pw-wrappers.2025-04-01.yaml";
/** What the generator reads and the SDK is built from; nothing else of the project is needed. */
const COPIED = ["openapi", "scripts/generate.mjs", "scripts/lib", "src", "generated", "package.json"];

const SUBSCRIPTION_KEY = "0123456789abcdef0123456789abcdef";
const SESSION_TOKEN = "H6QJ4F5JY4session";
const AUTHORISATION_TOKEN = "auth-7f3c9e1b2d4a";
const MOBILE = "18680001234";

/** Calls the new method, and register (for authorisation_token), with every log line captured. */
const PROBE = `import { PayWise, type AccountSession, type GetStatementParams, type GetStatementResult } from "./src/index";

const lines: string[] = [];
const sink = (level: string) => (message: string, fields?: unknown) => void lines.push(level + " " + message + " " + JSON.stringify(fields ?? null));
const paywise = new PayWise({
  baseUrl: process.argv[2],
  subscriptionKey: ${JSON.stringify(SUBSCRIPTION_KEY)},
  originCountry: "TT",
  ipAddress: "203.0.113.7",
  logLevel: "debug",
  logger: { error: sink("error"), warn: sink("warn"), info: sink("info"), debug: sink("debug") },
});
const params: GetStatementParams = { mobile_number: ${JSON.stringify(MOBILE)}, session_token: ${JSON.stringify(SESSION_TOKEN)}, from: "2026-02-01", to: "2026-02-28" };
const statement: GetStatementResult = await paywise.account.getStatement(params);
// display_name left the contract with this bump: the types follow it (this fails to typecheck otherwise).
export const gone: AccountSession["account"] extends { display_name: unknown } ? never : true = true;
const registered = await paywise.account.register({
  mobile_number: ${JSON.stringify(MOBILE)},
  institution_name: "ExampleInstitution",
  first_name: "First",
  last_name: "Last",
  session_token: ${JSON.stringify(SESSION_TOKEN)},
  authorisation_token: ${JSON.stringify(AUTHORISATION_TOKEN)},
  callback_url: "https://example.test/callback",
});
process.stdout.write(JSON.stringify({ statement, registered, lines }));
`;

let work: string;
let server: MockServer | undefined;

async function node(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: work, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "pw-spec-bump-"));
  for (const path of COPIED) await cp(join(REPO, path), join(work, path), { recursive: true });
  await symlink(await realpath(join(REPO, "node_modules")), join(work, "node_modules"), "dir");
  await cp(join(REPO, "test/fixtures/spec-bump", FIXTURE), join(work, "openapi", FIXTURE));
  await writeFile(join(work, "probe.ts"), PROBE);
  const tsconfig = JSON.parse(await readFile(join(REPO, "tsconfig.json"), "utf8"));
  await writeFile(join(work, "tsconfig.json"), JSON.stringify({ ...tsconfig, include: ["src", "generated", "probe.ts"] }));
  await mkdir(join(work, "test"), { recursive: true });
}, 30_000);

afterAll(async () => {
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("a spec bump, end to end", () => {
  it("fails generation first on the overlay action whose target the bump removed, saying what to do", async () => {
    const first = await node(["--import", "tsx", "scripts/generate.mjs"]);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain(`openapi/pw-wrappers.overlay.yaml does not fit openapi/${FIXTURE}`);
    expect(first.stderr).toMatch(/overlay action #\d+ \("An account's display name is its holder's name\."\), target "\$\.\.properties\.display_name"/);
    expect(first.stderr).toMatch(/What to do: .*delete it from openapi\/pw-wrappers\.overlay\.yaml/);
    expect(first.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  }, 60_000);

  it("generates, typechecks and serves the new method once the maintainer drops that action", async () => {
    const overlayFile = join(work, "openapi/pw-wrappers.overlay.yaml");
    const overlay = parseDocument(await readFile(overlayFile, "utf8"));
    const actions = overlay.get("actions") as { items: { get(key: string): unknown }[] };
    actions.items = actions.items.filter((action) => action.get("target") !== "$..properties.display_name");
    await writeFile(overlayFile, overlay.toString());
    const contractBefore = await readFile(join(work, "openapi", FIXTURE), "utf8");

    const second = await node(["--import", "tsx", "scripts/generate.mjs"]);
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    expect(await readFile(join(work, "openapi", FIXTURE), "utf8")).toBe(contractBefore);
    const resources = await readFile(join(work, "generated/pw-wrappers.2025-04-01/resources.ts"), "utf8");
    expect(resources).toContain("getStatement(params: GetStatementParams, options?: RequestOptions): APIPromise<GetStatementResult>");
    // No overlay policy for the new POST: retried only when provably unsent.
    expect(await readFile(join(work, "generated/pw-wrappers.2025-04-01/operations.ts"), "utf8")).toMatch(/accountGetStatement: OperationDescriptor = \{[^}]*retryMode: "unsent-only"/);

    const typecheck = await node([join(work, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"]);
    expect(typecheck.stdout + typecheck.stderr).toBe("");
    expect(typecheck.code).toBe(0);
  }, 90_000);

  it("calls paywise.account.getStatement through Prism on the new contract, with secrets redacted and mobile numbers masked in the debug log", async () => {
    server = await startMockServer({ specPath: join(work, "openapi", FIXTURE) });
    const probe = await node(["--import", "tsx", "probe.ts", server.url]);
    expect(probe.stderr).toBe("");
    const { statement, registered, lines } = JSON.parse(probe.stdout) as { statement: Record<string, unknown>; registered: Record<string, unknown>; lines: string[] };
    expect(statement).toMatchObject({ mobile_number: MOBILE, currency: "TTD" });
    expect(registered).toHaveProperty("challengeId");

    const statementRequest = lines.find((line) => line.startsWith("debug [paywise] getStatement request"));
    const registerRequest = lines.find((line) => line.startsWith("debug [paywise] register request"));
    expect(statementRequest).toBeDefined();
    expect(registerRequest).toBeDefined();
    expect(statementRequest).toMatch(/"session_token":"\[REDACTED\]"/);
    expect(registerRequest).toMatch(/"authorisation_token":"\[REDACTED\]"/);
    expect(statementRequest).toMatch(/"mobile_number":"\*+1234"/);
    const log = lines.join("\n");
    for (const secret of [SESSION_TOKEN, AUTHORISATION_TOKEN, SUBSCRIPTION_KEY, MOBILE]) expect(log).not.toContain(secret);
  }, 60_000);
});
