// One exit code per outcome (issue 23, item 3), each checked against a loopback server scripted to
// that outcome: the code is the one the table gives the error the SDK itself throws on the same
// answer, the error is one readable line on stderr (or the SDK's JSON of it with --json), and nothing
// is sent when the input is refused. Most runs go through runCli in this process; a real child
// process runs where the process is the point: the timeout outcome (the child must still exit by
// itself, its exit code and stderr those of the run), refused input, and Ctrl-C.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXIT_CODES, exitCodeFor } from "../../src/cli/exit-codes";
import { APIError, PayWise, PayWiseError } from "../../src/index";
import { errorEnvelope, IP_ADDRESS, ORIGIN_COUNTRY, SECRET_KEY } from "../helpers/fixtures";
import { refusingUrl, startFaultServer, type Behaviour, type FaultServer } from "../helpers/fault-server";
import { asFlags, EXPECTED_COMMANDS, type ExpectedCommand } from "./helpers/cli-commands";
import { runPaywiseHere } from "./helpers/cli-in-process";
import { inBatches, removeBuiltCli, runPaywise, shown, type CliRun } from "./helpers/cli-process";

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
  await removeBuiltCli();
});

const env = (baseUrl = server.url) => ({ PAYWISE_SUBSCRIPTION_KEY: SECRET_KEY, PAYWISE_ORIGIN_COUNTRY: ORIGIN_COUNTRY, PAYWISE_IP_ADDRESS: IP_ADDRESS, PAYWISE_BASE_URL: baseUrl });
const safe = EXPECTED_COMMANDS.find((command) => command.descriptor.retryMode === "idempotent")!;
const unsafe = EXPECTED_COMMANDS.find((command) => command.descriptor.retryMode === "unsent-only")!;
/** No retry waits; a timeout long enough for a loaded machine to answer (the "timeout" outcome sets a short one). */
const FAST = ["--max-retries", "0", "--timeout", "10000"];
/** What the "timeout" outcome waits, for a server that never answers. */
const SHORT_TIMEOUT_MS = 300;

/** The error the SDK throws for the same call against the same scripted answer. */
async function sdkError(command: ExpectedCommand, behaviour: Behaviour | undefined, baseUrl = server.url, timeout = 10_000): Promise<Error> {
  if (behaviour) server.script(behaviour);
  const client = new PayWise({ subscriptionKey: SECRET_KEY, originCountry: ORIGIN_COUNTRY, ipAddress: IP_ADDRESS, baseUrl });
  const resource = (client as unknown as Record<string, Record<string, (input: unknown, options: unknown) => Promise<unknown>>>)[command.descriptor.resource]!;
  try {
    await resource[command.descriptor.name]!.call(resource, command.input, { maxRetries: 0, timeout });
  } catch (error) {
    return error as Error;
  }
  throw new Error("the SDK call succeeded");
}

interface Outcome {
  name: string;
  command: ExpectedCommand;
  /** The answer, when the server answers at all. */
  behaviour?: Behaviour;
  baseUrl?: string;
  /** Extra flags, after the common ones. */
  flags?: string[];
  /** Run in a child process rather than in this one. */
  child?: boolean;
}

const envelopeAnswer = (status: number, extra: Record<string, unknown> = {}): Behaviour => ({ kind: "respond", status, body: errorEnvelope(status, `answered ${status}`, extra) });

describe("paywise exit codes", () => {
  beforeEach(() => server.clearScript());
  it("end each outcome with the table's code for the error the SDK throws, and print it on one line", { timeout: 180_000 }, async () => {
    const refused = await refusingUrl();
    const outcomes: Outcome[] = [
      ...[400, 401, 403, 404, 409, 422, 429, 500, 503, 418].map((status) => ({ name: `HTTP ${status}`, command: safe, behaviour: envelopeAnswer(status, status === 409 ? { data: { error_code: "AMBIGUOUS_MATCH" } } : {}) })),
      { name: "connection refused", command: safe, baseUrl: refused.url },
      { name: "reset after sending", command: unsafe, behaviour: { kind: "reset" } },
      { name: "timeout", command: safe, behaviour: { kind: "hang" }, flags: ["--timeout", String(SHORT_TIMEOUT_MS)], child: true },
      { name: "accepted, answer did not fit", command: unsafe, behaviour: { kind: "respond", status: 200, body: { status: "success", code: 200 } } },
      { name: "not a final status", command: safe, behaviour: { kind: "raw", bytes: "HTTP/1.1 600 Odd\r\ncontent-length: 0\r\n\r\n" } },
    ];
    // A server of its own for each outcome, so the runs can go in parallel: each answers one SDK call, then one run.
    const servers = await Promise.all(outcomes.map(() => startFaultServer()));
    const expected: { outcome: Outcome; error: Error }[] = [];
    let runs: CliRun[];
    try {
      for (const [index, outcome] of outcomes.entries()) {
        const own = servers[index]!;
        if (outcome.behaviour) own.script(outcome.behaviour);
        expected.push({ outcome, error: await sdkError(outcome.command, undefined, outcome.baseUrl ?? own.url, outcome.flags ? SHORT_TIMEOUT_MS : undefined) });
        if (outcome.behaviour) own.script(outcome.behaviour);
      }
      runs = await inBatches(outcomes.map((outcome, index) => () => (outcome.child ? runPaywise : runPaywiseHere)([...outcome.command.words, ...asFlags(outcome.command.input), ...FAST, ...(outcome.flags ?? [])], { env: env(outcome.baseUrl ?? servers[index]!.url) })));
    } finally {
      await Promise.all(servers.map((own) => own.close()));
    }
    const codes = new Map<string, number>();
    expected.forEach(({ outcome, error }, index) => {
      const run = runs[index]!;
      expect(error).toBeInstanceOf(PayWiseError);
      expect(run.code, `${outcome.name}: ${error.name}\n${shown(run)}`).toBe(exitCodeFor(error));
      expect(run.stdout, outcome.name).toBe("");
      // One line: the command, the class, the SDK's message.
      const lines = run.stderr.trimEnd().split("\n");
      expect(lines, shown(run)).toHaveLength(1);
      expect(lines[0]).toContain(`paywise ${outcome.command.words.join(" ")}: ${error.name}: `);
      expect(lines[0]).toContain(error.message.split("\n")[0]!.replace(/[.:]$/, ""));
      if (error instanceof APIError) expect(lines[0]).toContain(`HTTP ${error.status}`);
      if (error instanceof APIError && error.errorCode) expect(lines[0]).toContain(error.errorCode);
      codes.set(error.constructor.name + ((error as { accepted?: boolean }).accepted ? " accepted" : ""), run.code!);
    });
    // By class: each class its own code, and the table says so.
    expect(new Set(codes.values()).size).toBe(codes.size);
    for (const [name, code] of codes) {
      const entry = EXIT_CODES.find((candidate) => candidate.code === code);
      expect(entry?.error?.name, `${name} -> ${code}`).toBe(name.replace(/ accepted$/, ""));
    }
    // A connection error says whether the request may have reached PayWise, and for an operation
    // not safe to repeat, to check first (issue 29).
    const lineOf = (name: string) => runs[expected.findIndex(({ outcome }) => outcome.name === name)]!.stderr;
    expect(lineOf("connection refused")).toMatch(/nothing was sent.*trying again is safe.*\(nothing was sent\)/);
    expect(lineOf("reset after sending")).toMatch(new RegExp(`may have received the request\\. ${unsafe.descriptor.name} is not safe to repeat.*check the account's status before trying again.*\\(may have reached PayWise\\)`));
    // Accepted: the line says not to repeat the operation blindly.
    const acceptedRun = runs[expected.findIndex(({ outcome }) => outcome.name === "accepted, answer did not fit")]!;
    expect(acceptedRun.stderr).toMatch(new RegExp(`Do not call ${unsafe.descriptor.name} again before checking`));
  });

  it("refuses bad input with 3 and a line naming each field and its flag, and sends nothing", { timeout: 60_000 }, async () => {
    const before = server.requests.length;
    const [required] = Object.keys(safe.input);
    const input = { ...safe.input, [required!]: undefined };
    const run = await runPaywise([...safe.words, ...asFlags(Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined))), "--timeout", "0"], { env: env() });
    expect(run.code, shown(run)).toBe(3);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(`InvalidRequestError: The input of ${safe.descriptor.name} is invalid, so nothing was sent: ${required} (--${safe.words[1] && required!.replace(/_/g, "-")}): is required`);
    expect(server.requests.length).toBe(before);
  });

  it("prints the error as the SDK's JSON of it with --json, redacted, and usage errors with 2", { timeout: 60_000 }, async () => {
    // The server echoes the key in its error message: the SDK redacts it, and so the CLI shows it redacted.
    const behaviour: Behaviour = { kind: "respond", status: 401, body: errorEnvelope(401, `key ${SECRET_KEY} is not valid`), headers: { date: "Tue, 01 Dec 2026 00:00:00 GMT" } };
    const error = await sdkError(safe, behaviour);
    server.script(behaviour);
    const [json, usage, unknownCommand, noCommand] = await inBatches([
      () => runPaywiseHere([...safe.words, ...asFlags(safe.input), ...FAST, "--json"], { env: env() }),
      () => runPaywiseHere([...safe.words, ...asFlags(safe.input), "--no-such-flag", "--json"], { env: env() }),
      () => runPaywiseHere([safe.words[0], "no-such-command"], { env: env() }),
      () => runPaywiseHere([safe.words[0]], { env: env() }),
    ]);
    expect(json.code, shown(json)).toBe(exitCodeFor(error));
    expect(json.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(JSON.parse(json.stderr)).toEqual({ name: error.name, message: error.message, ...JSON.parse(JSON.stringify(error)) });
    expect(json.stderr).not.toContain(SECRET_KEY);
    expect(json.stderr).toContain("[REDACTED]");

    expect(usage.code, shown(usage)).toBe(2);
    expect(JSON.parse(usage.stderr)).toEqual({ name: "UsageError", message: expect.stringContaining("'--no-such-flag'") });
    expect(unknownCommand.code, shown(unknownCommand)).toBe(2);
    expect(unknownCommand.stderr).toContain(`has no command "no-such-command": its commands are ${EXPECTED_COMMANDS.filter((command) => command.words[0] === safe.words[0]).map((command) => command.words[1]).sort().join(", ")}`);
    // A resource alone: its commands, on stderr, and 2.
    expect(noCommand.code, shown(noCommand)).toBe(2);
    for (const command of EXPECTED_COMMANDS.filter((candidate) => candidate.words[0] === safe.words[0])) expect(noCommand.stderr).toContain(`  ${command.words[1]}  `);
  });

  it("ends with 130 when Ctrl-C stops a call", { timeout: 60_000 }, async () => {
    server.script({ kind: "hang" });
    const before = server.requests.length;
    const run = await runPaywise([...safe.words, ...asFlags(safe.input)], {
      env: env(),
      onStart: (kill) => {
        // Once the request has arrived: the call is under way.
        const poll = setInterval(() => {
          if (server.requests.length > before) {
            clearInterval(poll);
            kill("SIGINT");
          }
        }, 10);
      },
    });
    expect(run.code, shown(run)).toBe(130);
    expect(run.stderr).toContain("APIUserAbortError");
  });
});
