// The client's options and a call's options from the command line and the environment, as the
// SDK reads them (issue 23, item 2): PAYWISE_* variables, --base-url and the like, and the
// subscription key only from PAYWISE_SUBSCRIPTION_KEY or --subscription-key-file.
import { readFile } from "node:fs/promises";
import type { RequestOptions } from "../core";
import type { Logger } from "../logger";
import type { ClientOptions } from "../options";
import type { CliCommand } from "./command";
import { numberOrText } from "./input";
import type { FlagValues } from "./parse";
import { terminalJson } from "./terminal-text";
import { UsageError } from "./usage-error";

export const KEY_ON_COMMAND_LINE =
  "--subscription-key is refused: a key on the command line stays in your shell's history and, while the command runs, shows in `ps` to every user of this machine. " +
  "Set PAYWISE_SUBSCRIPTION_KEY, or put the key in a file only you can read and pass --subscription-key-file PATH";

/** Where each client option comes from on the command line, for the messages that name an option. */
export const OPTION_SOURCES: Readonly<Record<string, string>> = {
  subscriptionKey: "PAYWISE_SUBSCRIPTION_KEY or --subscription-key-file",
  baseUrl: "--base-url or PAYWISE_BASE_URL",
  originCountry: "--origin-country or PAYWISE_ORIGIN_COUNTRY",
  ipAddress: "--ip-address or PAYWISE_IP_ADDRESS",
  timeout: "--timeout",
  maxRetries: "--max-retries",
  totalTimeout: "--total-timeout",
  responseValidation: "--response-validation",
};

/** Where the key came from, for doctor: never the key itself. */
export type KeySource = { kind: "file"; path: string } | { kind: "environment" } | { kind: "none" };

export interface CliConfig {
  options: ClientOptions;
  keySource: KeySource;
}

/** The key in a file: its text less one trailing line break (editors add one). */
export async function readKeyFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`--subscription-key-file ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const key = text.replace(/\r?\n$/, "");
  if (key === "") throw new UsageError(`--subscription-key-file ${path}: the file is empty`);
  return key;
}

/**
 * A logger for -v: every line on stderr, so stdout keeps only the result; with --json, each line a
 * JSON object ({ level, message, fields }) for a script to read. The SDK has redacted the fields.
 */
export function stderrLogger(write: (text: string) => void, json = false): Logger {
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    let text: string;
    try {
      text = json ? terminalJson(JSON.stringify({ level, message, fields })) : `${level} ${message}${fields === undefined ? "" : ` ${terminalJson(JSON.stringify(fields))}`}`;
    } catch {
      text = json ? terminalJson(JSON.stringify({ level, message })) : `${level} ${message} (fields not shown: not JSON)`;
    }
    write(`${text}\n`);
  };
  return { error: line("error"), warn: line("warn"), info: line("info"), debug: line("debug") };
}

/** The client options a command line gives, and where its key comes from. */
export async function clientConfig(values: FlagValues, env: Readonly<Record<string, string | undefined>>, logger: Logger): Promise<CliConfig> {
  if (values["subscription-key"] !== undefined) throw new UsageError(KEY_ON_COMMAND_LINE);
  const options: ClientOptions = { logger };
  let keySource: KeySource = env.PAYWISE_SUBSCRIPTION_KEY ? { kind: "environment" } : { kind: "none" };
  if (typeof values["subscription-key-file"] === "string") {
    const path = values["subscription-key-file"];
    options.subscriptionKey = await readKeyFile(path);
    keySource = { kind: "file", path };
  }
  if (typeof values["base-url"] === "string") options.baseUrl = values["base-url"];
  if (typeof values["origin-country"] === "string") options.originCountry = values["origin-country"];
  if (typeof values["ip-address"] === "string") options.ipAddress = values["ip-address"];
  if (values.diagnostics === true) options.diagnostics = true;
  // -v wins over PAYWISE_LOG, which the client reads itself otherwise.
  if (values.verbose === true) options.logLevel = "debug";
  return { options, keySource };
}

/** The call options a command line gives; the SDK checks them as it checks any caller's. */
export function callOptions(command: CliCommand, values: FlagValues, signal: AbortSignal): RequestOptions & Record<string, unknown> {
  const options: RequestOptions & Record<string, unknown> = { signal };
  if (typeof values.timeout === "string") options.timeout = numberOrText(values.timeout) as number;
  if (typeof values["max-retries"] === "string") options.maxRetries = numberOrText(values["max-retries"]) as number;
  if (typeof values["total-timeout"] === "string") options.totalTimeout = numberOrText(values["total-timeout"]) as number;
  if (typeof values["response-validation"] === "string") options.responseValidation = values["response-validation"] as RequestOptions["responseValidation"];
  for (const option of command.options) {
    const value = values[option.flag];
    if (typeof value === "string") options[option.option] = value;
  }
  return options;
}
