// examples/ are programs a newcomer runs first: each must run as it is, against its own mock, and
// print what the contract's documented answers say (issue 10, item 9), as the mock serves them:
// the documented example, else the one generated for it (test/helpers/served.ts, issue 21).
// try-it.ts runs exactly as its first line says; the four that start a mock run in one process, on
// one Prism (test/helpers/shared-mock-testing.ts): each still calls startMockServer() and close().
// `npm run demo` (scripts/demo.ts) is checked here too, in that same run, so that it costs neither a
// node process nor a Prism start of its own (issue 30, item 4).
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { methodName, resourceName, sdkOperations } from "../scripts/lib/sdk-names.mjs";
import { servedExample } from "./helpers/served";
import { contractVersion, operation, operations, spec, successStatus } from "./helpers/spec";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

/** The body the mock serves for an SDK method (`account.createSession`) and status (its success by default). */
function served(method: string, status?: number): Record<string, any> {
  const entry = sdkOperations(spec).find((candidate) => `${candidate.resource}.${candidate.method}` === method);
  if (!entry) throw new Error(`the contract has no method ${method}`);
  const op = operation(entry.operationId!);
  return servedExample(op, status ?? successStatus(op)) as Record<string, any>;
}
/** What a method resolves to for the body the mock serves: its `data`, else the body itself (the fields read here are not meta ones). */
const payload = (method: string) => served(method).data ?? served(method);

const run = promisify(execFile);
/** A run's limit: its examples' Prism starts on a loaded machine, and their calls. */
const RUN_LIMIT_MS = 120_000;
/** Nothing from the environment: the examples pass every option they need. */
const ENV = { PATH: process.env.PATH ?? "" };

/** Runs one example the way its first line says to: `tsx --tsconfig examples/tsconfig.json examples/<name>`. */
async function runExample(name: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, [tsxCli, "--tsconfig", "examples/tsconfig.json", `examples/${name}`], { cwd: root, timeout: RUN_LIMIT_MS, env: ENV });
  return stdout.trimEnd().split("\n");
}

/** Printed before each example of a shared run, so its output can be told from the others'. */
const MARK = "--- example ";
/** Printed after each example of a shared run: how many mocks it started and closed. */
const MOCK_MARK = "--- mock servers ";
/** @paywise/sdk/testing for the shared run: startMockServer() starts Prism once, through the real one. */
const SHARED_MOCK_TESTING = pathToFileURL(join(root, "test", "helpers", "shared-mock-testing.ts")).href;
/** The demo, and how it imports the testing kit. */
const DEMO = "scripts/demo.ts";
const DEMO_TESTING = "../src/testing";
/**
 * A resolve hook that hands the examples and the demo (and only them) that module for
 * `@paywise/sdk/testing`; registered after tsx's, so it is asked first, and every other name goes
 * on to tsx's paths.
 */
const SHARED_MOCK_HOOK = `data:text/javascript,${encodeURIComponent(`
  export async function resolve(specifier, context, next) {
    if ((specifier === "@paywise/sdk/testing" && context.parentURL?.startsWith(${JSON.stringify(pathToFileURL(join(root, "examples")).href + "/")})) ||
        (specifier === ${JSON.stringify(DEMO_TESTING)} && context.parentURL === ${JSON.stringify(pathToFileURL(join(root, DEMO)).href)})) {
      return { url: ${JSON.stringify(SHARED_MOCK_TESTING)}, shortCircuit: true };
    }
    return next(specifier, context);
  }`)}`;

interface SharedRun {
  outputs: Map<string, string[]>;
  /** Per example, the mocks it started and closed. */
  mocks: Map<string, { started: number; closed: number }>;
}

/**
 * Runs `names` (paths from the repository's root) one after another in one node process with tsx's
 * loader and the examples' tsconfig (issue 30, item 4): an example is a module whose top level is
 * the program, so importing it runs it as it is, and the process starts, the SDK loads and Prism
 * starts once instead of once per example.
 * Each one's output, or the error it threw, under its name.
 */
async function runExamplesTogether(names: readonly string[]): Promise<SharedRun> {
  const program = [
    `import { register } from "node:module";`,
    `register(${JSON.stringify(SHARED_MOCK_HOOK)});`,
    `const mock = await import(${JSON.stringify(SHARED_MOCK_TESTING)});`,
    ...names.map(
      (name) => `console.log(${JSON.stringify(MARK + name)});
{ const before = mock.mockServerCalls();
  try { await import(${JSON.stringify(`./${name}`)}); } catch (error) { console.log("threw: " + (error?.stack ?? error)); }
  const after = mock.mockServerCalls();
  console.log(${JSON.stringify(MOCK_MARK)} + JSON.stringify({ started: after.started - before.started, closed: after.closed - before.closed })); }`,
    ),
    `await mock.closeSharedMockServer();`,
  ].join("\n");
  const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", program], {
    cwd: root,
    timeout: RUN_LIMIT_MS,
    env: { ...ENV, TSX_TSCONFIG_PATH: "examples/tsconfig.json" },
  });
  const outputs = new Map<string, string[]>();
  const mocks = new Map<string, { started: number; closed: number }>();
  let name = "";
  let current: string[] = [];
  for (const line of stdout.trimEnd().split("\n")) {
    if (line.startsWith(MARK)) outputs.set((name = line.slice(MARK.length)), (current = []));
    else if (line.startsWith(MOCK_MARK)) mocks.set(name, JSON.parse(line.slice(MOCK_MARK.length)));
    else current.push(line);
  }
  return { outputs, mocks };
}

/** The examples that start their own Prism, run together once for the tests below. */
const EXAMPLES = ["quickstart.ts", "errors.ts", "with-response.ts", "telemetry.ts"] as const;
/** What the shared run runs: those examples, then the demo. */
const TOGETHER = [...EXAMPLES.map((name) => `examples/${name}`), DEMO];
let together: Promise<SharedRun> | undefined;
async function outputOf(name: (typeof EXAMPLES)[number] | typeof DEMO): Promise<string[]> {
  together ??= runExamplesTogether(TOGETHER);
  const output = (await together).outputs.get(name === DEMO ? DEMO : `examples/${name}`);
  if (!output) throw new Error(`${name} printed nothing: the shared run stopped before it`);
  return output;
}

describe("examples/", { timeout: RUN_LIMIT_MS + 30_000 }, () => {
  it("try-it.ts makes a first call against the in-process PayWise and prints the account status it serves", async () => {
    expect(await runExample("try-it.ts")).toEqual([`account_status: ${payload("account.getStatus").account_status}`]);
  });

  it("quickstart.ts, errors.ts, with-response.ts and telemetry.ts each start one mock server and close it", async () => {
    together ??= runExamplesTogether(TOGETHER);
    const { mocks } = await together;
    const examples = [...mocks].filter(([name]) => name !== DEMO);
    expect(Object.fromEntries(examples)).toEqual(Object.fromEntries(EXAMPLES.map((name) => [`examples/${name}`, { started: 1, closed: 1 }])));
  });

  it("quickstart.ts runs the four operations against the mock", async () => {
    const session = payload("account.createSession");
    const status = payload("account.getStatus");
    const balance = payload("account.getBalance");
    expect(await outputOf("quickstart.ts")).toEqual([
      `createSession: ${session.account.account_status}, session token ${session.session.session_token}`,
      `getStatus: ${status.account_status}, session token ${status.session_token}`,
      `register: challenge ${payload("account.register").challengeId}`,
      `getBalance: ${balance.balance} ${balance.currency}`,
    ]);
  });

  it("errors.ts handles a ConflictError by retrying with the email, and shows a refused input", async () => {
    const conflict = served("account.createSession", 409);
    expect(await outputOf("errors.ts")).toEqual([
      `ConflictError 409 ${conflict.data?.error_code}: ${conflict.message}`,
      `with the email: session token ${payload("account.createSession").session.session_token}`,
      expect.stringMatching(/^InvalidRequestError: mobile_number /),
    ]);
  });

  it("with-response.ts shows the payload, the envelope's meta fields and the HTTP response", async () => {
    const body = served("account.getStatus");
    expect(await outputOf("with-response.ts")).toEqual([
      `data: ${body.account_status}, session token ${body.session_token}`,
      `meta: ${body.status} ${body.code} ${JSON.stringify(body.message)}, request id ${body.request_id}`,
      "response: HTTP 200, application/json",
    ]);
  });

  it("telemetry.ts prints the call's span, its attempt's and the duration metric through the console exporters, without the key", async () => {
    const output = (await outputOf("telemetry.ts")).join("\n");
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

/** The envelope's own fields: the demo shows what a call resolves to, which leaves them out. */
const ENVELOPE = new Set(["status", "code", "message", "request_id", "timestamp", "observed_client_ip"]);

/** The string values of what an example answer resolves to (its `data`, else its flattened fields). */
function shownValues(value: unknown): string[] {
  const body = value as Record<string, unknown>;
  const shown = body.data ?? Object.fromEntries(Object.entries(body).filter(([key]) => !ENVELOPE.has(key)));
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === "string") out.push(node);
    else if (node && typeof node === "object") Object.values(node).forEach(walk);
  };
  walk(shown);
  return out;
}

// The demo is a newcomer's first contact with the SDK; this keeps it working. What it must show
// comes from the contract: each operation's answer as the mock serves it (its documented example,
// else the one generated for it, test/helpers/served.ts), and the 409's error code. It runs as it
// is, imported in the shared run above with tsx's loader (`npm run demo` is `tsx scripts/demo.ts`):
// its startMockServer() gets the shared Prism, started through the real one, and its close() is counted.
describe("npm run demo", { timeout: RUN_LIMIT_MS + 30_000 }, () => {
  it("shows each operation it calls resolving to its documented answer, and a typed error against a Prism it starts, then stops it", async () => {
    const stdout = (await outputOf(DEMO)).join("\n");
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
    expect((await together!).mocks.get(DEMO)).toEqual({ started: 1, closed: 1 });
  });
});
