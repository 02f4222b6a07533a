// --mock (issue 23, item 6): the command runs against the in-process fake PayWise of
// @paywise/sdk/testing (src/testing/fake), which answers each operation as the contract documents
// it and checks each request as PayWise would; nothing leaves the process, so no credentials are
// needed: placeholders stand in for the configuration that is not set. --mock-answer picks another
// documented answer (`409`, `500:captured_primary`) or a fault (`noAnswer`, `malformedSuccess`, …),
// so every outcome and its exit code can be tried. Loaded only with --mock.
import type { CliCommand } from "./command";
import type { ClientOptions } from "../options";
import type { FlagValues } from "./parse";
import { UsageError } from "./usage-error";

/** Where the client points under --mock: a name that never resolves (RFC 2606), answered in process before any network. */
export const MOCK_BASE_URL = "https://paywise.mock.invalid";
/** What stands in for the configuration that is not set: the key checks for its length only, the IP is TEST-NET-3 (RFC 5737). */
export const MOCK_PLACEHOLDERS = { subscriptionKey: "mock0000000000000000000000000000", originCountry: "TT", ipAddress: "203.0.113.7" } as const;

/** `--mock-answer` as the fake's step: a fault by name, or a documented status with an optional example. */
function mockStep(answer: string, faults: readonly string[]): Record<string, unknown> {
  if (faults.includes(answer)) return { fault: answer };
  const documented = /^(\d{3})(?::(.+))?$/.exec(answer);
  if (!documented) throw new UsageError(`--mock-answer must be a documented status (such as 409, or 500:example) or a fault (${faults.join(", ")})`);
  return documented[2] === undefined ? { status: Number(documented[1]) } : { status: Number(documented[1]), example: documented[2] };
}

/** The client options of a --mock run: the caller's, with the fake's fetch, its base URL and placeholders where nothing is set. */
export async function withMock(options: ClientOptions, env: Readonly<Record<string, string | undefined>>, command: CliCommand, values: FlagValues): Promise<ClientOptions> {
  const { createFakePayWise, FAULT_NAMES } = await import("../testing/fake/index");
  const fake = createFakePayWise();
  if (typeof values["mock-answer"] === "string") {
    const operation = `${command.descriptor.resource}.${command.descriptor.name}` as Parameters<typeof fake.on>[0];
    try {
      fake.on(operation).always(mockStep(values["mock-answer"], FAULT_NAMES) as never);
    } catch (error) {
      // The fake says what the contract documents for this operation.
      if (error instanceof TypeError) throw new UsageError(`--mock-answer ${values["mock-answer"]}: ${error.message}`);
      throw error;
    }
  }
  const given = (option: string | undefined, variable: string) => option ?? (env[variable] || undefined);
  return {
    ...options,
    fetch: fake.fetch,
    baseUrl: MOCK_BASE_URL,
    subscriptionKey: given(options.subscriptionKey, "PAYWISE_SUBSCRIPTION_KEY") ?? MOCK_PLACEHOLDERS.subscriptionKey,
    originCountry: given(options.originCountry, "PAYWISE_ORIGIN_COUNTRY") ?? MOCK_PLACEHOLDERS.originCountry,
    ipAddress: given(options.ipAddress, "PAYWISE_IP_ADDRESS") ?? MOCK_PLACEHOLDERS.ipAddress,
  };
}
