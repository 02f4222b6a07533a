// --mock (issue 23, item 6): the command runs against a mock of the contract instead of PayWise,
// so a newcomer can try every command with no credentials. Until the testing kit's in-process fake
// is on main, the mock is Prism through startMockServer() from @paywise/sdk/testing (the fallback
// the issue allows): it listens on 127.0.0.1 only, serves the contract's documented answers and
// checks each request as the contract says, and it needs @stoplight/prism-cli installed (an
// optional peer; the message says how). --mock-answer asks it for another documented answer
// (`409`, `500:captured_primary`), checked against the contract by mockPrefer(). Loaded only with --mock.
import type { ClientOptions } from "../options";
import type { CliCommand } from "./command";
import type { FlagValues } from "./parse";
import { UsageError } from "./usage-error";

/** What stands in for the configuration that is not set: the key checks for its length only, the IP is TEST-NET-3 (RFC 5737). */
export const MOCK_PLACEHOLDERS = { subscriptionKey: "mock0000000000000000000000000000", originCountry: "TT", ipAddress: "203.0.113.7" } as const;

export interface MockRun {
  /** The client options of the run: the caller's, pointed at the mock, with placeholders where nothing is set. */
  options: ClientOptions;
  /** The call's extra headers: the Prefer header of --mock-answer. */
  headers: Record<string, string> | undefined;
  close(): Promise<void>;
}

/** `--mock-answer` as what mockPrefer() takes: a documented status, and an example name after a colon. */
function documentedAnswer(answer: string): { code: number; example?: string } {
  const documented = /^(\d{3})(?::(.+))?$/.exec(answer);
  if (!documented) throw new UsageError(`--mock-answer must be a documented status, such as 409, or a status and an example name, such as 500:captured_primary`);
  return documented[2] === undefined ? { code: Number(documented[1]) } : { code: Number(documented[1]), example: documented[2] };
}

/** Starts the mock for a command and gives the options to call it with; the caller closes it. */
export async function startMock(options: ClientOptions, env: Readonly<Record<string, string | undefined>>, command: CliCommand, values: FlagValues): Promise<MockRun> {
  const { mockPrefer, startMockServer } = await import("../testing/index");
  let headers: Record<string, string> | undefined;
  if (typeof values["mock-answer"] === "string") {
    try {
      headers = mockPrefer({ operation: `${command.descriptor.resource}.${command.descriptor.name}` as never, ...documentedAnswer(values["mock-answer"]) } as never);
    } catch (error) {
      // mockPrefer says what the contract documents for this operation.
      if (error instanceof TypeError) throw new UsageError(`--mock-answer ${values["mock-answer"]}: ${error.message}`);
      throw error;
    }
  }
  let server: Awaited<ReturnType<typeof startMockServer>>;
  try {
    server = await startMockServer();
  } catch (error) {
    // Prism not installed, or it could not start: the message says what to do.
    throw new UsageError(`--mock: ${error instanceof Error ? error.message : String(error)}`);
  }
  const given = (option: string | undefined, variable: string) => option ?? (env[variable] || undefined);
  return {
    options: {
      ...options,
      baseUrl: server.url,
      subscriptionKey: given(options.subscriptionKey, "PAYWISE_SUBSCRIPTION_KEY") ?? MOCK_PLACEHOLDERS.subscriptionKey,
      originCountry: given(options.originCountry, "PAYWISE_ORIGIN_COUNTRY") ?? MOCK_PLACEHOLDERS.originCountry,
      ipAddress: given(options.ipAddress, "PAYWISE_IP_ADDRESS") ?? MOCK_PLACEHOLDERS.ipAddress,
    },
    headers,
    close: () => server.close(),
  };
}
