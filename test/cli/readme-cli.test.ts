// The command line's page (docs/cli.md, linked from the README's "Command line") lists the commands
// the generator wrote and the exit codes the CLI ends with, as rendered from the code
// (scripts/lib/readme-cli.mjs; spec:bump rewrites the commands' table on a bump).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CLI_COMMANDS } from "../../generated/cli";
import { CLI_PAGE, commandRows, exitCodeRows, readmeCommandRows, readmeExitCodeRows, withCommandRows } from "../../scripts/lib/readme-cli.mjs";
import { EXIT_CODES } from "../../src/cli/exit-codes";
import { EXPECTED_COMMANDS } from "./helpers/cli-commands";

const PAGE = readFileSync(fileURLToPath(new URL(`../../${CLI_PAGE}`, import.meta.url)), "utf8");

describe(`${CLI_PAGE}, the command line's page`, () => {
  it("has a row for each generated command and each exit code, as the code renders them", () => {
    const rows = commandRows(CLI_COMMANDS);
    expect(rows).toHaveLength(EXPECTED_COMMANDS.length);
    for (const command of EXPECTED_COMMANDS) expect(rows.some((row) => row.startsWith(`| \`paywise ${command.words.join(" ")}\` |`))).toBe(true);
    expect(readmeCommandRows(PAGE)).toEqual(rows);
    expect(readmeExitCodeRows(PAGE)).toEqual(exitCodeRows(EXIT_CODES));
    expect(new Set(EXIT_CODES.map((entry) => entry.code)).size).toBe(EXIT_CODES.length);
  });

  it("is rewritten by spec:bump's renderer from the commands of a new contract", () => {
    const fewer = withCommandRows(PAGE, CLI_COMMANDS.slice(1));
    expect(readmeCommandRows(fewer)).toEqual(commandRows(CLI_COMMANDS.slice(1)));
    expect(withCommandRows(fewer, CLI_COMMANDS)).toBe(PAGE);
  });
});
