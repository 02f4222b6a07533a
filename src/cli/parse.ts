// The command line read with node:util parseArgs (issue 23, item 7): first the words that name the
// command, then, strictly, the flags that command takes (the global ones and its generated ones).
import { parseArgs } from "node:util";
import type { CliCommand } from "./command";
import { GLOBAL_FLAGS } from "./global-flags";
import { UsageError } from "./usage-error";

type OptionConfig = { type: "string" | "boolean"; short?: string };
export type FlagValues = Record<string, string | boolean | undefined>;

const GLOBAL_OPTIONS: Record<string, OptionConfig> = Object.fromEntries(
  Object.entries(GLOBAL_FLAGS).map(([name, flag]) => [name, "short" in flag ? { type: flag.type, short: flag.short } : { type: flag.type }]),
);

/**
 * The words before and between the flags (`account`, `get-status`). Read leniently, knowing only
 * the global flags, so that `paywise --json account get-status` finds its command too.
 */
export function commandWords(args: readonly string[]): string[] {
  return parseArgs({ args: [...args], options: GLOBAL_OPTIONS, strict: false, allowPositionals: true }).positionals;
}

/** The flags a command takes: the global ones, its fields' (and their --no- twins) and its header options'. */
export function commandOptions(command: CliCommand | undefined): Record<string, OptionConfig> {
  const options: Record<string, OptionConfig> = { ...GLOBAL_OPTIONS };
  for (const field of command?.fields ?? []) {
    options[field.flag] = { type: field.type === "boolean" ? "boolean" : "string" };
    if (field.type === "boolean") options[`no-${field.flag}`] = { type: "boolean" };
  }
  for (const option of command?.options ?? []) options[option.flag] = { type: "string" };
  return options;
}

/**
 * Every flag of the command line, strictly: an unknown flag, a flag without its value or a value
 * given to a switch is a UsageError naming the flag (parseArgs' messages name only the flag, never
 * the value). `words` are the command's own; any other word is refused without being echoed.
 */
export function parseFlags(args: readonly string[], command: CliCommand | undefined, words: readonly string[], help: string): FlagValues {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options: commandOptions(command), strict: true, allowPositionals: true });
  } catch (error) {
    // parseArgs names the flag, never its value; its advice about positionals after "--" does not apply here.
    const message = (error instanceof Error ? error.message : String(error)).replace(/\. To specify a positional argument[\s\S]*$/, "");
    throw new UsageError(`${message} (${help})`);
  }
  const extra = parsed.positionals.length - words.length;
  if (extra > 0 || parsed.positionals.some((word, index) => index < words.length && word !== words[index])) {
    throw new UsageError(`${words.length ? `\`paywise ${words.join(" ")}\`` : "paywise"} takes no other arguments, and got ${Math.max(extra, 1)} more (not shown; a flag's value goes right after it) (${help})`);
  }
  return parsed.values as FlagValues;
}
