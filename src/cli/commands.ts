// The commands the CLI has, as the generator wrote them from the newest contract, and how a
// command line's words find one.
import { CLI_COMMANDS, CLI_RESOURCES } from "../../generated/cli";
import type { CliCommand, CliResource } from "./command";

export const COMMANDS: readonly CliCommand[] = CLI_COMMANDS;
export const RESOURCES: readonly CliResource[] = CLI_RESOURCES;

export function findResource(name: string): CliResource | undefined {
  return RESOURCES.find((resource) => resource.name === name);
}

export function commandsOf(resource: string): CliCommand[] {
  return COMMANDS.filter((command) => command.resource === resource);
}

export function findCommand(resource: string, name: string): CliCommand | undefined {
  return COMMANDS.find((command) => command.resource === resource && command.command === name);
}

/** `paywise account get-status`. */
export const commandLine = (command: CliCommand) => `paywise ${command.resource} ${command.command}`;

/**
 * A word the caller typed, quoted in a message only when it looks like a command word: an unknown
 * word may be the value of a flag placed before the command, such as a token.
 */
export function quoteWord(word: string): string {
  return /^[a-z][a-z0-9-]{0,40}$/.test(word) ? `"${word}"` : "(not shown: it does not look like a command)";
}
