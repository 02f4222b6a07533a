// --mock (issue 23, item 6): every generated command runs with no configuration at all against the
// mock of the contract (Prism, through startMockServer() of @paywise/sdk/testing, on loopback), and
// prints what the SDK resolves to against the same mock; --mock-answer asks for another documented
// answer, checked against the contract before anything starts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitCodeFor } from "../../src/cli/exit-codes";
import { MOCK_PLACEHOLDERS } from "../../src/cli/mock";
import { PayWise } from "../../src/index";
import { mockPrefer, startMockServer, type MockServer } from "../../src/testing/index";
import { responseExamples } from "../helpers/spec";
import { asFlags, EXPECTED_COMMANDS, type ExpectedCommand } from "./helpers/cli-commands";
import { inBatches, removeBuiltCli, runPaywise, shown } from "./helpers/cli-process";

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(async () => {
  await server.close();
  await removeBuiltCli();
});

/** The SDK's call of the command against the same mock, with the Prefer header of an answer when given. */
async function sdkAgainstMock(command: ExpectedCommand, prefer?: { code: number; example: string }): Promise<{ result?: unknown; error?: Error }> {
  const client = new PayWise({ ...MOCK_PLACEHOLDERS, baseUrl: server.url, maxRetries: 0 });
  const resource = (client as unknown as Record<string, Record<string, (input: unknown, options: unknown) => Promise<unknown>>>)[command.descriptor.resource]!;
  const headers = prefer ? mockPrefer({ operation: `${command.descriptor.resource}.${command.descriptor.name}` as never, ...prefer } as never) : undefined;
  try {
    return { result: await resource[command.descriptor.name]!.call(resource, command.input, { headers }) };
  } catch (error) {
    return { error: error as Error };
  }
}

describe("paywise --mock", () => {
  it("runs every command with no configuration, printing the SDK's result against the mock", { timeout: 180_000 }, async () => {
    // No PAYWISE_* variable at all: the placeholders stand in.
    const runs = await inBatches(EXPECTED_COMMANDS.map((command) => () => runPaywise([...command.words, ...asFlags(command.input), "--mock", "--json"])));
    for (const [index, command] of EXPECTED_COMMANDS.entries()) {
      const run = runs[index]!;
      expect(run.code, shown(run)).toBe(0);
      const { result } = await sdkAgainstMock(command);
      expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(result)));
      for (const secret of command.secrets) expect(run.stdout + run.stderr).not.toContain(secret);
    }
  });

  it("answers a documented error with --mock-answer and ends with its exit code; refuses one the contract does not document", { timeout: 120_000 }, async () => {
    const [command, failure] = EXPECTED_COMMANDS.flatMap((candidate) => {
      const documented = responseExamples(candidate.spec).find((example) => example.status >= 400);
      return documented ? [[candidate, documented] as const] : [];
    })[0]!;
    const [answered, wrong] = await inBatches([
      () => runPaywise([...command.words, ...asFlags(command.input), "--mock", "--mock-answer", `${failure.status}:${failure.name}`, "--max-retries", "0"]),
      () => runPaywise([...command.words, "--mock", "--mock-answer", "418"]),
    ]);
    const { error } = await sdkAgainstMock(command, { code: failure.status, example: failure.name });
    expect(error, `the SDK call of ${command.words.join(" ")} answered ${failure.status} succeeded`).toBeDefined();
    expect(answered.code, shown(answered)).toBe(exitCodeFor(error));
    expect(answered.stderr).toContain(`${error!.name}: ${error!.message}`);
    expect(wrong.code, shown(wrong)).toBe(2);
    expect(wrong.stderr).toMatch(/does not document status 418; the documented statuses are /);
  });
});
