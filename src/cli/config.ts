// The client's options and a call's options from the command line and the environment, as the
// SDK reads them (issue 23, item 2): PAYWISE_* variables, --base-url and the like, and the
// subscription key only from PAYWISE_SUBSCRIPTION_KEY or --subscription-key-file.
import { readFile } from "node:fs/promises";
import type { RequestOptions } from "../core";
import type { Logger } from "../logger";
import { InvalidRequestError, type ValidationIssue } from "../errors";
import { CALL_OPTIONS, parseOption, type ClientOptions } from "../options";
import type { CliCommand } from "./command";
import { numberOrText } from "./input";
import type { FlagValues } from "./parse";
import { terminalJson } from "./terminal-text";
import { UsageError } from "./usage-error";

export const KEY_ON_COMMAND_LINE =
  "--subscription-key is refused: a key on the command line stays in your shell's history and, while the command runs, shows in `ps` to every user of this machine. " +
  "Set PAYWISE_SUBSCRIPTION_KEY, or put the key in a file only you can read and pass --subscription-key-file PATH";

/** Where each client option comes from on the command line, for the messages that name an option. */
const OPTION_SOURCES: Readonly<Record<string, string>> = {
  subscriptionKey: "PAYWISE_SUBSCRIPTION_KEY or --subscription-key-file",
  baseUrl: "--base-url or PAYWISE_BASE_URL",
  originCountry: "--origin-country or PAYWISE_ORIGIN_COUNTRY",
  ipAddress: "--ip-address or PAYWISE_IP_ADDRESS",
  timeout: "--timeout",
  maxRetries: "--max-retries",
  totalTimeout: "--total-timeout",
  responseValidation: "--response-validation",
};

/**
 * The flag or variable that gives an option (or a problem's path), if one does. An own property
 * only: a path named `__proto__` or `constructor` is no flag (issue 28).
 */
export function optionSource(option: string): string | undefined {
  return Object.hasOwn(OPTION_SOURCES, option) ? OPTION_SOURCES[option] : undefined;
}

/** Where the key came from, for doctor: never the key itself, nor the file's path, which may be the key pasted in its place. */
export type KeySource = { kind: "file"; path: string } | { kind: "environment" } | { kind: "none" };

export interface CliConfig {
  options: ClientOptions;
  keySource: KeySource;
}

/**
 * The key in a file: its text less one trailing line break (editors add one). The path is never
 * printed: a user who pastes the key where the path goes would see it printed back (issue 28).
 */
export async function readKeyFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(
      `--subscription-key-file: cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"}); its path is not shown, as it may be the key pasted in its place`,
    );
  }
  const key = text.endsWith("\r\n") ? text.slice(0, -2) : text.endsWith("\n") ? text.slice(0, -1) : text;
  if (key === "") throw new UsageError("--subscription-key-file: the file is empty");
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

/** The number flags every command takes, and the call option each gives. */
const NUMBER_FLAGS = { timeout: "timeout", "max-retries": "maxRetries", "total-timeout": "totalTimeout" } as const;

/**
 * The number flags given, as call options, read one way for every command, doctor included: a
 * flag's text that is not a number stays text, for the check to name (issue 28).
 */
export function numberFlagOptions(values: FlagValues): Pick<RequestOptions, "timeout" | "maxRetries" | "totalTimeout"> {
  const options: Record<string, unknown> = {};
  for (const [flag, option] of Object.entries(NUMBER_FLAGS)) {
    const text = values[flag];
    if (typeof text === "string") options[option] = numberOrText(text);
  }
  return options;
}

/**
 * The number flags checked as the SDK checks a call's options, for doctor, which makes no call:
 * text that is not a number, or a number out of range, is an InvalidRequestError naming the flag
 * (exit 3), as for every other command, never a default taken silently.
 */
export function checkedNumberFlagOptions(values: FlagValues): Pick<RequestOptions, "timeout" | "maxRetries" | "totalTimeout"> {
  const options = numberFlagOptions(values);
  const problems: ValidationIssue[] = [];
  parseOption(problems, CALL_OPTIONS, options);
  if (problems.length) throw new InvalidRequestError("The options of doctor are invalid, so nothing was sent", problems);
  return options;
}

/** The call options a command line gives; the SDK checks them as it checks any caller's. */
export function callOptions(command: CliCommand, values: FlagValues, signal: AbortSignal): RequestOptions & Record<string, unknown> {
  const options: RequestOptions & Record<string, unknown> = { signal, ...numberFlagOptions(values) };
  if (typeof values["response-validation"] === "string") options.responseValidation = values["response-validation"] as RequestOptions["responseValidation"];
  for (const option of command.options) {
    const value = values[option.flag];
    if (typeof value === "string") options[option.option] = value;
  }
  return options;
}
