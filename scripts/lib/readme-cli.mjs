// The two tables of the command line's page, rendered from the code: the commands from
// generated/cli.ts and the exit codes from src/cli/exit-codes.ts. test/cli/readme-cli.test.ts
// checks the page against them, and spec:bump rewrites the commands' table, so a bump's new
// operation is listed with no hand edit.

import { oneLine } from "./code-text.mjs";

/** The page that holds the tables, relative to the package root. */
export const CLI_PAGE = "docs/cli.md";

const COMMANDS_TABLE = /(<!-- cli-commands[^\n]*-->\n\| command \| SDK method \| HTTP \| required flags \|\n\| --- \| --- \| --- \| --- \|\n)((?:\|.*\|\n)*)/;
const EXIT_CODES_TABLE = /(<!-- cli-exit-codes[^\n]*-->\n\| exit code \| outcome \| SDK error \| what it means \|\n\| --- \| --- \| --- \| --- \|\n)((?:\|.*\|\n)*)/;

/** Text made safe inside a Markdown table cell: one line (code-text.mjs's oneLine), no cell break. */
export const cell = (/** @type {string} */ text) => oneLine(text).replaceAll("|", "\\|");

/**
 * One row per command: "| `paywise account get-status` | `account.getStatus` | `GET /account/account` | `--mobile-number`, … |".
 * @param {readonly any[]} commands generated/cli.ts's CLI_COMMANDS
 */
export function commandRows(commands) {
  return commands.map((command) => {
    const { descriptor } = command;
    const required = [...command.fields, ...command.options].filter((flag) => flag.required).map((flag) => `\`--${flag.flag}\``);
    return `| \`paywise ${command.resource} ${command.command}\` | \`${descriptor.resource}.${descriptor.name}\` | \`${descriptor.method.toUpperCase()} ${cell(descriptor.path)}\` | ${required.join(", ") || "none"} |`;
  });
}

/**
 * One row per exit code: "| 3 | input refused | `InvalidRequestError` | … |".
 * @param {readonly any[]} exitCodes src/cli/exit-codes.ts's EXIT_CODES
 */
export function exitCodeRows(exitCodes) {
  return exitCodes.map((entry) => {
    const error = entry.error ? `\`${entry.error.name}\`${entry.when ? " (accepted)" : ""}` : "";
    return `| ${entry.code} | ${cell(entry.outcome)} | ${error} | ${cell(entry.meaning)} |`;
  });
}

const rowsOf = (/** @type {RegExp} */ table, /** @type {string} */ page) => table.exec(page)?.[2].trimEnd().split("\n");

/** The rows a page holds now (undefined where it has no such table). */
export const readmeCommandRows = (/** @type {string} */ page) => rowsOf(COMMANDS_TABLE, page);
export const readmeExitCodeRows = (/** @type {string} */ page) => rowsOf(EXIT_CODES_TABLE, page);

/**
 * The page with its commands' table rewritten (unchanged when it has none).
 * @param {string} page
 * @param {readonly any[]} commands
 */
export function withCommandRows(page, commands) {
  return page.replace(COMMANDS_TABLE, (_, head) => `${head}${commandRows(commands).join("\n")}\n`);
}
