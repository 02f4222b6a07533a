// Every generated command against a loopback server (issue 23, item 8): its stdout is the SDK's
// result for the same call, the request it sends is the input given (as field flags or as
// --input), and neither the subscription key nor a token of the input ever reaches stdout or
// stderr, also with --verbose. The runs go through runCli in this process, but for the first
// command's run reading --input -, which runs as a child: its stdin and streams are the process's.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PayWise } from "../../src/index";
import { startFaultServer, type FaultServer } from "../helpers/fault-server";
import { IP_ADDRESS, ORIGIN_COUNTRY, SECRET_KEY } from "../helpers/fixtures";
import { asFlags, EXPECTED_COMMANDS, type ExpectedCommand } from "./helpers/cli-commands";
import { runPaywiseHere } from "./helpers/cli-in-process";
import { inBatches, removeBuiltCli, runPaywise, shown, type CliRun } from "./helpers/cli-process";

let server: FaultServer;
let scratch: string;
beforeAll(async () => {
  // Every request gets the contract's success answer for its path.
  server = await startFaultServer({ fallback: { kind: "ok" } });
  scratch = mkdtempSync(join(tmpdir(), "paywise-cli-input-"));
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
  await removeBuiltCli();
});

const env = () => ({ PAYWISE_SUBSCRIPTION_KEY: SECRET_KEY, PAYWISE_ORIGIN_COUNTRY: ORIGIN_COUNTRY, PAYWISE_IP_ADDRESS: IP_ADDRESS, PAYWISE_BASE_URL: server.url });
const client = () => new PayWise({ subscriptionKey: SECRET_KEY, originCountry: ORIGIN_COUNTRY, ipAddress: IP_ADDRESS, baseUrl: server.url });

/** The SDK's own call of the command's method with the same input. */
function sdkCall(command: ExpectedCommand) {
  const resource = (client() as unknown as Record<string, Record<string, (input: unknown) => ReturnType<PayWise["account"]["getStatus"]>>>)[command.descriptor.resource]!;
  return resource[command.descriptor.name]!.call(resource, command.input);
}

/** What the server received for a run: the input as the SDK would send it. */
function sentInput(command: ExpectedCommand, url: string, body: string): unknown {
  if (command.descriptor.inputIn === "body") return JSON.parse(body);
  const sent = new URL(url, server.url);
  const query: Record<string, string> = Object.fromEntries(sent.searchParams);
  delete query.version;
  // Path parameters are input fields too: each one segment of the path, where the template has it.
  const names: string[] = [];
  const template = command.descriptor.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_, name: string) => (names.push(name), "([^/]+)"));
  const values = new RegExp(`${template}$`).exec(sent.pathname);
  for (const [index, name] of names.entries()) query[name] = decodeURIComponent(values?.[index + 1] ?? "");
  return query;
}

function expectNoSecrets(run: CliRun, command: ExpectedCommand): void {
  for (const secret of [SECRET_KEY, ...command.secrets]) {
    expect(run.stdout.includes(secret), `${secret} on stdout:\n${shown(run)}`).toBe(false);
    expect(run.stderr.includes(secret), `${secret} on stderr:\n${shown(run)}`).toBe(false);
  }
}

describe.each(EXPECTED_COMMANDS.map((command) => [command.words.join(" "), command] as const))("paywise %s", (_, command) => {
  it("prints the SDK's result, as flags or as --input, with --json, --with-response and -v, and never a secret", { timeout: 120_000 }, async () => {
    const inputFile = join(scratch, `${command.words.join("-")}.json`);
    writeFileSync(inputFile, JSON.stringify(command.input));
    const before = server.requests.length;
    const [flags, fromFile, fromStdin] = await inBatches([
      () => runPaywiseHere([...command.words, ...asFlags(command.input), "--json", "--verbose"], { env: env() }),
      () => runPaywiseHere([...command.words, "--input", `@${inputFile}`, "--with-response", "-v"], { env: env() }),
      () => (command === EXPECTED_COMMANDS[0] ? runPaywise : runPaywiseHere)([...command.words, "--input", "-", "--json"], { env: env(), stdin: JSON.stringify(command.input) }),
    ]);
    for (const run of [flags, fromFile, fromStdin]) {
      expect(run.code, shown(run)).toBe(0);
      expectNoSecrets(run, command);
    }
    const sent = server.requests.slice(before);
    expect(sent).toHaveLength(3);
    for (const request of sent) {
      expect(request.method).toBe(command.descriptor.method.toUpperCase());
      expect(request.headers["pw-subscription-key"]).toBe(SECRET_KEY);
      expect(sentInput(command, request.url, request.body)).toEqual(command.input);
    }

    const result = await sdkCall(command);
    // --json: the result on one line.
    expect(flags.stdout.trimEnd().split("\n")).toHaveLength(1);
    expect(JSON.parse(flags.stdout)).toEqual(JSON.parse(JSON.stringify(result)));
    expect(JSON.parse(fromStdin.stdout)).toEqual(JSON.parse(JSON.stringify(result)));
    // Without --json, indented; --with-response adds the meta fields and the HTTP status.
    const withResponse = await sdkCall(command).withResponse();
    expect(fromFile.stdout).toBe(`${JSON.stringify({ data: withResponse.data, meta: withResponse.meta, status: withResponse.response.status, issues: withResponse.issues }, null, 2)}\n`);
    // -v: the SDK's log lines, on stderr only, with the request and its answer; with --json, one JSON object each.
    expect(fromFile.stderr).toMatch(new RegExp(`^debug \\[paywise\\] ${command.descriptor.name} request `, "m"));
    expect(fromFile.stderr).toMatch(/^info \[paywise\] .* answered 200 /m);
    const lines = flags.stderr.trimEnd().split("\n").map((line) => JSON.parse(line) as { level: string; message: string; fields?: Record<string, unknown> });
    expect(lines.find((line) => line.level === "debug" && line.message.startsWith(`[paywise] ${command.descriptor.name} request`))?.fields).toMatchObject({ operation: command.descriptor.name });
    expect(lines.some((line) => line.level === "info" && /answered 200 /.test(line.message))).toBe(true);
    expect(fromStdin.stderr).toBe("");
  });
});
