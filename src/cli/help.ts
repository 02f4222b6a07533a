// Help, from the contract (issue 23, item 4): the commands with their summaries and descriptions,
// and each command's flags with their type, required mark, documented values, format, example and
// description. Contract text is escaped before it reaches the terminal (terminal-text.ts).
import { CONTRACT_VERSION, SENSITIVE_FIELDS } from "../../generated/current";
import { SDK_VERSION } from "../version";
import type { CliCommand, CliResource, FieldFlag } from "./command";
import { commandLine, commandsOf, COMMANDS } from "./commands";
import { EXIT_CODES } from "./exit-codes";
import { GLOBAL_FLAGS, type GlobalFlag } from "./global-flags";
import { terminalLine, terminalProse } from "./terminal-text";

/** How long doctor's checks may take in all unless --timeout says otherwise (doctor.ts reads it from here, so help cannot drift). */
export const DOCTOR_TIMEOUT_MS = 10_000;

const INDENT = "  ";
const DETAIL = "      ";

/** The words `paywise doctor` is described by, in help and the README. */
export const DOCTOR_SUMMARY = "Check the configuration, that the base URL resolves and answers over TLS, and the clock against the server's Date header.";

const GROUP_TITLES: Record<GlobalFlag["group"], string> = {
  call: "Call options (every command)",
  output: "Output",
  configuration: "Configuration (else the PAYWISE_* environment variables)",
  other: "Other",
};

const ENVIRONMENT: readonly [string, string][] = [
  ["PAYWISE_SUBSCRIPTION_KEY", "the subscription key (32 characters); or --subscription-key-file PATH, never a flag"],
  ["PAYWISE_BASE_URL", "the PayWise base URL you were given"],
  ["PAYWISE_ORIGIN_COUNTRY", "PW-origin-country, such as TT"],
  ["PAYWISE_IP_ADDRESS", "PW-ip-address, your institution's registered IPv4"],
  ["PAYWISE_LOG", "the SDK's log level (off, error, warn, info, debug), on stderr; -v sets debug"],
];

function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${INDENT}${left.padEnd(width)}  ${right}`);
}

function globalFlagLines(groups: readonly GlobalFlag["group"][]): string[] {
  const lines: string[] = [];
  for (const group of groups) {
    const flags = Object.entries(GLOBAL_FLAGS).filter(([, flag]) => flag.group === group) as [string, GlobalFlag][];
    lines.push("", `${GROUP_TITLES[group]}:`);
    lines.push(...table(flags.map(([name, flag]) => [`${flag.short ? `-${flag.short}, ` : ""}--${name}${flag.value ? ` ${flag.value}` : ""}`, flag.description])));
  }
  return lines;
}

/** `paywise --help`. */
export function rootHelp(): string {
  return [
    `paywise: the PayWise wrappers API from the command line (contract ${CONTRACT_VERSION}, @paywise/sdk ${SDK_VERSION}).`,
    "",
    "Usage:",
    ...table([
      ["paywise <resource> <command> [flags]", "run an operation"],
      ["paywise <resource> <command> --help", "its flags"],
      ["paywise <resource> --help", "the commands of a resource"],
      ["paywise doctor [flags]", "check the setup"],
    ]),
    "",
    "Commands:",
    ...table([...COMMANDS.map((command) => [`${command.resource} ${command.command}`, terminalLine(command.summary)] as const), ["doctor", DOCTOR_SUMMARY]]),
    ...globalFlagLines(["configuration", "output", "call", "other"]),
    "",
    "Environment:",
    ...table(ENVIRONMENT),
    "",
    "Exit codes:",
    ...table(EXIT_CODES.map((entry) => [String(entry.code), `${entry.outcome}: ${entry.meaning}`])),
    "",
  ].join("\n");
}

/** `paywise <resource> --help`. */
export function resourceHelp(resource: CliResource): string {
  const lines = [`paywise ${resource.name}: ${terminalLine(resource.description)}`, "", "Commands:"];
  for (const command of commandsOf(resource.name)) {
    lines.push(`${INDENT}${command.command}  ${terminalLine(command.summary)}`);
    if (command.description) lines.push(...terminalProse(command.description).split("\n").map((line) => `${DETAIL}${line}`));
  }
  lines.push("", `Run \`paywise ${resource.name} <command> --help\` for a command's flags, \`paywise --help\` for the flags every command takes.`, "");
  return lines.join("\n");
}

const RETRY_WORDS = {
  idempotent: "Retries: safe to repeat, so connection errors, timeouts and retryable statuses are retried (up to --max-retries).",
  "unsent-only":
    "Retries: only when the request provably never left this machine. Not safe to repeat: after a timeout (exit 21) or an accepted answer that did not fit (exit 30), check whether it took effect before running it again.",
} as const;

/** A value of the contract as typed on a command line: a string as it is, anything else as JSON. */
function typed(json: string): string {
  const value = JSON.parse(json) as unknown;
  return typeof value === "string" ? value : json;
}

/** A word quoted for a POSIX shell when it needs it. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function fieldLines(field: FieldFlag): string[] {
  const name = field.type === "boolean" ? `--${field.flag}, --no-${field.flag}` : `--${field.flag}`;
  const head = `${INDENT}${name} <${field.type}>, ${field.required ? "required" : "optional"}${field.format ? `, format ${terminalLine(field.format)}` : ""}`;
  const secret = (SENSITIVE_FIELDS as Record<string, string>)[field.field] === "secret";
  const about = [
    field.description ? terminalProse(field.description).replace(/\n/g, " ") : "",
    `The input field ${terminalLine(field.field)}.`,
    secret ? "A secret: give it in --input @FILE or --input - to keep it out of your shell's history." : "",
  ].filter(Boolean);
  const lines = [head, `${DETAIL}${about.join(" ")}`];
  if (field.values?.length) lines.push(`${DETAIL}Values: ${field.values.map((value) => terminalLine(JSON.stringify(value))).join(" | ")}`);
  if (field.example !== undefined) lines.push(`${DETAIL}Example: ${terminalLine(typed(field.example))}`);
  return lines;
}

/** The command with its documented input as flags, when the contract documents one. */
function exampleLine(command: CliCommand): string | undefined {
  if (command.example === undefined) return undefined;
  const input = JSON.parse(command.example) as Record<string, unknown>;
  const words = [commandLine(command)];
  for (const field of command.fields) {
    if (!Object.hasOwn(input, field.field)) continue;
    const value = input[field.field];
    if (field.type === "boolean") words.push(value === false ? `--no-${field.flag}` : `--${field.flag}`);
    else words.push(`--${field.flag}`, shellWord(typeof value === "string" ? value : JSON.stringify(value)));
  }
  return terminalLine(words.join(" "));
}

/** `paywise <resource> <command> --help`. */
export function commandHelp(command: CliCommand): string {
  const { descriptor } = command;
  const required = command.fields.filter((field) => field.required).map((field) => `--${field.flag} <${field.type}>`);
  const lines = [`${commandLine(command)}: ${terminalLine(command.summary)}`, ""];
  if (command.description) lines.push(terminalProse(command.description), "");
  lines.push(
    `${descriptor.method.toUpperCase()} ${terminalLine(descriptor.path)}, the SDK's paywise.${descriptor.resource}.${descriptor.name}(). ${RETRY_WORDS[descriptor.retryMode]}`,
    "",
    `Usage: ${[commandLine(command), ...required, "[flags]"].join(" ")}`,
    "",
    "Input (each field a flag, or the whole input as JSON with --input; the flags override its fields):",
    ...command.fields.flatMap(fieldLines),
  );
  if (command.options.length) {
    lines.push("", "Options of this call:");
    for (const option of command.options) {
      lines.push(`${INDENT}--${option.flag} <string>, ${option.required ? "required" : "optional"}`);
      const about = [option.description ? terminalProse(option.description).replace(/\n/g, " ") : "", `The ${terminalLine(option.header)} header (the ${option.option} call option).`];
      if (!option.required && descriptor.headerOptions.some((header) => header.option === option.option && header.uuidDefault)) about.push("Default: a new UUID per call, the same on every attempt.");
      lines.push(`${DETAIL}${about.filter(Boolean).join(" ")}`);
    }
  }
  lines.push(...globalFlagLines(["call", "output", "configuration"]));
  const example = exampleLine(command);
  if (example) lines.push("", "Example (the contract's documented input):", `${INDENT}${example}`);
  lines.push("", "Exit codes: `paywise --help` lists them.", "");
  return lines.join("\n");
}

/** `paywise doctor --help`: what it checks, and the one request it sends. */
export function doctorHelp(): string {
  return [
    `paywise doctor: ${DOCTOR_SUMMARY}`,
    "",
    "Checks, in order:",
    `${INDENT}configuration  the options as the client checks them (every problem named; the key never shown, only where it came from), and a key file other users can read`,
    `${INDENT}resolves       that the base URL's host name resolves`,
    `${INDENT}answers        that the base URL answers over TLS: the protocol, the certificate and when it expires`,
    `${INDENT}clock          this machine's clock against the answer's Date header (PW-request-date must be the current UTC time)`,
    "",
    "It sends one request, HEAD <base URL>/, with a User-Agent header and nothing else: no subscription key, no PW-* header, no query, no body.",
    "It does not check the key or the institution IP with PayWise; a real command does.",
    "Exit code 0 when no check fails (a warning does not), 4 otherwise.",
    ...globalFlagLines(["configuration", "output"]),
    "",
    `${INDENT}--timeout MS  how long the checks may take in all, however slowly a server answers (default ${DOCTOR_TIMEOUT_MS})`,
    "",
  ].join("\n");
}

/** Help for the words typed: the root, a resource or a command. */
export function helpFor(resource: CliResource | undefined, command: CliCommand | undefined): string {
  if (command) return commandHelp(command);
  if (resource) return resourceHelp(resource);
  return rootHelp();
}

