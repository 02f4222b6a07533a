// The flags every `paywise` command takes, beside the ones generated from its operation's input.
// scripts/lib/cli-commands.mjs reads this list to refuse a contract field whose flag would take
// one of these names, so keep the module free of imports: the generator loads it through tsx
// before generated/ exists (as it does src/call-parameters.ts).

/** One flag as node:util parseArgs takes it, with what help says about it. */
export interface GlobalFlag {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** What the value is, in help (`--timeout MS`). */
  readonly value?: string;
  readonly description: string;
  /** Where help lists it. */
  readonly group: "output" | "configuration" | "call" | "other";
}

export const GLOBAL_FLAGS = {
  help: { type: "boolean", short: "h", group: "other", description: "Show help for the command, or for every command of a resource." },
  version: { type: "boolean", group: "other", description: "Print the CLI's version and the contract version it speaks." },
  json: { type: "boolean", group: "output", description: "Print the result on one line, an error as the SDK's JSON of it on stderr, and each -v line as a JSON object." },
  "with-response": { type: "boolean", group: "output", description: "Print { data, meta, status, issues }: the result with the envelope's meta fields and the HTTP status." },
  verbose: { type: "boolean", short: "v", group: "output", description: "Log the SDK's lines on stderr (debug level; secrets redacted, personal data masked)." },
  input: { type: "string", value: "JSON|@FILE|-", group: "call", description: "The whole input as JSON: inline, @path to a file, or - for stdin. Field flags override its fields." },
  timeout: { type: "string", value: "MS", group: "call", description: "Time allowed for each attempt, in milliseconds (the timeout call option)." },
  "max-retries": { type: "string", value: "N", group: "call", description: "Retries where retrying is safe (the maxRetries call option)." },
  "total-timeout": { type: "string", value: "MS", group: "call", description: "Time allowed for the whole call, attempts and waits together (the totalTimeout call option)." },
  "response-validation": { type: "string", value: "strict|warn", group: "call", description: "What a success answer that does not fit the contract does (the responseValidation call option)." },
  diagnostics: { type: "boolean", group: "call", description: "Send diagnostics=true (non-production only): the answer then carries observed_client_ip." },
  mock: { type: "boolean", group: "call", description: "Run against the in-process fake PayWise of @paywise/sdk/testing: no credentials, nothing leaves the process." },
  "mock-answer": { type: "string", value: "STATUS[:EXAMPLE]|FAULT", group: "call", description: "With --mock: answer this documented status (and example), or a fault such as noAnswer or malformedSuccess." },
  "base-url": { type: "string", value: "URL", group: "configuration", description: "The PayWise base URL (else PAYWISE_BASE_URL)." },
  "origin-country": { type: "string", value: "CC", group: "configuration", description: "PW-origin-country, such as TT (else PAYWISE_ORIGIN_COUNTRY)." },
  "ip-address": { type: "string", value: "IPV4", group: "configuration", description: "PW-ip-address, your institution's registered IPv4 (else PAYWISE_IP_ADDRESS)." },
  "subscription-key-file": { type: "string", value: "PATH", group: "configuration", description: "Read the subscription key from this file (else PAYWISE_SUBSCRIPTION_KEY)." },
  // Parsed only to be refused with the reason: a key on the command line is in the shell's history
  // and, while the command runs, in every other user's `ps`.
  "subscription-key": { type: "string", value: "KEY", group: "configuration", description: "Refused: a key on the command line stays in shell history and shows in ps. Use PAYWISE_SUBSCRIPTION_KEY or --subscription-key-file." },
} as const satisfies Readonly<Record<string, GlobalFlag>>;

export type GlobalFlagName = keyof typeof GLOBAL_FLAGS;

/** Every name a generated flag may not take: the global flags, and the words `paywise help` reads. */
export const RESERVED_FLAG_NAMES: readonly string[] = [...Object.keys(GLOBAL_FLAGS), "help"];
