// --mock (issue 23, item 6): every generated command runs against the in-process fake PayWise of
// the testing kit with no configuration at all, and prints what the SDK resolves to against the
// same fake; --mock-answer gives a documented answer or a fault, so each outcome's exit code can be
// tried with no server and no credentials. The runs go through runCli in this process, and one runs
// as a child too: the bundled command line loads the testing kit from a chunk of its own.
import { afterAll, describe, expect, it } from "vitest";
import { exitCodeFor } from "../../src/cli/exit-codes";
import { MOCK_BASE_URL, MOCK_PLACEHOLDERS } from "../../src/cli/mock";
import { PayWise } from "../../src/index";
import { createFakePayWise } from "../../src/testing/index";
import { responseExamples } from "../helpers/spec";
import { asFlags, EXPECTED_COMMANDS, type ExpectedCommand } from "./helpers/cli-commands";
import { runPaywiseHere } from "./helpers/cli-in-process";
import { inBatches, removeBuiltCli, runPaywise, shown } from "./helpers/cli-process";

afterAll(removeBuiltCli);

/** The SDK's call of the command against a fresh fake, scripted with `step` when given. */
async function sdkAgainstFake(command: ExpectedCommand, step?: Record<string, unknown>): Promise<{ result?: unknown; error?: Error }> {
  const fake = createFakePayWise();
  if (step) fake.on(`${command.descriptor.resource}.${command.descriptor.name}` as Parameters<typeof fake.on>[0]).always(step as never);
  const client = new PayWise({ ...MOCK_PLACEHOLDERS, baseUrl: MOCK_BASE_URL, fetch: fake.fetch, maxRetries: 0 });
  const resource = (client as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[command.descriptor.resource]!;
  try {
    return { result: await resource[command.descriptor.name]!.call(resource, command.input) };
  } catch (error) {
    return { error: error as Error };
  }
}

describe("paywise --mock", () => {
  it("runs every command with no configuration and prints the SDK's result against the fake", { timeout: 120_000 }, async () => {
    // No PAYWISE_* variable at all: the placeholders stand in.
    const args = (command: ExpectedCommand) => [...command.words, ...asFlags(command.input), "--mock", "--json"];
    const runs = await inBatches(EXPECTED_COMMANDS.map((command) => () => runPaywiseHere(args(command))));
    const [first] = EXPECTED_COMMANDS;
    const child = await runPaywise(args(first!));
    for (const [index, command] of EXPECTED_COMMANDS.entries()) {
      const run = runs[index]!;
      expect(run.code, shown(run)).toBe(0);
      const { result } = await sdkAgainstFake(command);
      expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(result)));
      for (const secret of command.secrets) expect(run.stdout + run.stderr).not.toContain(secret);
    }
    expect(child.code, shown(child)).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual(JSON.parse(runs[0]!.stdout));
  });

  it("answers a documented error status, or a fault, with --mock-answer, ending with its exit code", { timeout: 120_000 }, async () => {
    // Each command's first documented error status, from the contract, by its first example's name
    // where it names one (a contract written without examples documents the status alone).
    const cases: { command: ExpectedCommand; answer: string; step: Record<string, unknown> }[] = EXPECTED_COMMANDS.flatMap((command) => {
      const status = Object.keys(command.spec.operation.responses).map(Number).filter((code) => code >= 400).sort((a, b) => a - b)[0];
      if (status === undefined) return [];
      const named = responseExamples(command.spec).find((example) => example.status === status)?.name;
      return [named === undefined ? { command, answer: String(status), step: { status } } : { command, answer: `${status}:${named}`, step: { status, example: named } }];
    });
    const unsafe = EXPECTED_COMMANDS.find((command) => command.descriptor.retryMode === "unsent-only")!;
    cases.push({ command: unsafe, answer: "malformedSuccess", step: { fault: "malformedSuccess" } });
    expect(cases.length).toBeGreaterThan(1);
    const runs = await inBatches(cases.map(({ command, answer }) => () => runPaywiseHere([...command.words, ...asFlags(command.input), "--mock", "--mock-answer", answer, "--max-retries", "0"])));
    for (const [index, { command, step }] of cases.entries()) {
      const run = runs[index]!;
      const { error } = await sdkAgainstFake(command, step);
      expect(error, `the SDK call of ${command.words.join(" ")} with ${JSON.stringify(step)} succeeded`).toBeDefined();
      expect(run.code, shown(run)).toBe(exitCodeFor(error));
      expect(run.stderr).toContain(`${error!.name}: `);
    }
    // A status the operation does not document: refused, saying what it documents.
    const wrong = await runPaywiseHere([...unsafe.words, "--mock", "--mock-answer", "418"]);
    expect(wrong.code, shown(wrong)).toBe(2);
    expect(wrong.stderr).toMatch(/documents no status 418 .* it documents /);
  });
});
