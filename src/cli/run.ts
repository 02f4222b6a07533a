// One run of `paywise`: finds the command its words name, reads its flags, and runs it through the
// SDK's own core (what every SDK method runs), so that input checks, messages, redaction, retries and errors are the SDK's.
// Returns the exit code (exit-codes.ts); everything it prints goes through `io`.
import { CONTRACT_VERSION } from "../../generated/current";
import { Core } from "../core";
import { resolveOptions } from "../options";
import { personalValuesIn } from "../redact";
import { SDK_VERSION } from "../version";
import type { CliCommand } from "./command";
import { commandsOf, findCommand, findResource, quoteWord, RESOURCES } from "./commands";
import { callOptions, clientConfig, stderrLogger } from "./config";
import { runDoctor } from "./doctor";
import { EXIT_SUCCESS, exitCodeFor } from "./exit-codes";
import { doctorHelp, helpFor } from "./help";
import { commandInput } from "./input";
import { withMock } from "./mock";
import { errorJson, errorLine, jsonText, withResponseValue, type Output } from "./output";
import { commandWords, parseFlags, type FlagValues } from "./parse";
import { UsageError } from "./usage-error";

export interface CliIo {
  stdout: Output;
  stderr: Output;
  env: Readonly<Record<string, string | undefined>>;
  /** Reads standard input to its end (for --input -). */
  readStdin(): Promise<string>;
  /** Fires on Ctrl-C: the call then ends as APIUserAbortError. */
  signal: AbortSignal;
}

const USAGE_EXIT = exitCodeFor(new UsageError(""));

function print(output: Output, text: string): void {
  output.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** Runs the command line `args` (without `node paywise`) and resolves to its exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let command: CliCommand | undefined;
  // The call's input, once read: its personal values are masked in what an error prints.
  const call: { input?: unknown } = {};
  // Before the flags are read (a usage error), --json is taken as written.
  let json = args.includes("--json");
  try {
    const words = commandWords(args);
    const helpWord = words[0] === "help";
    const [first, second] = helpWord ? words.slice(1) : words;
    // The words the command line may hold: `help`, a resource and a command; any more is refused.
    const typed = words.slice(0, helpWord ? 3 : 2);

    if (first === "doctor") {
      const values = parseFlags(args, undefined, typed, "`paywise doctor --help` lists the flags");
      json = values.json === true;
      if (values.help || helpWord) return (print(io.stdout, doctorHelp()), EXIT_SUCCESS);
      return await runDoctor(values, io);
    }
    const resource = first === undefined ? undefined : findResource(first);
    if (first !== undefined && !resource) {
      throw new UsageError(`unknown command ${quoteWord(first)}: the resources are ${RESOURCES.map((known) => known.name).join(", ")}, and doctor (\`paywise --help\` lists the commands)`);
    }
    if (resource && second !== undefined) {
      command = findCommand(resource.name, second);
      if (!command) {
        throw new UsageError(`\`paywise ${resource.name}\` has no command ${quoteWord(second)}: its commands are ${commandsOf(resource.name).map((known) => known.command).join(", ")}`);
      }
    }
    const where = command ? `paywise ${command.resource} ${command.command} --help` : resource ? `paywise ${resource.name} --help` : "paywise --help";
    const values = parseFlags(args, command, typed, `\`${where}\` lists the flags`);
    json = values.json === true;
    if (values.version) return (print(io.stdout, `paywise ${SDK_VERSION} (@paywise/sdk ${SDK_VERSION}, contract ${CONTRACT_VERSION})`), EXIT_SUCCESS);
    if (values.help || helpWord) return (print(io.stdout, helpFor(resource, command)), EXIT_SUCCESS);
    // Words that name no command: what there is to run, and a usage error.
    if (!command) return (print(io.stderr, helpFor(resource, undefined)), USAGE_EXIT);
    return await runCommand(command, values, io, call);
  } catch (error) {
    // The error is the caller's, but what is printed is a record, as a log line is: the server's text
    // in it (a message, a request id, an error code, a body) has the call's personal values masked.
    const personal = personalValuesIn(call.input);
    print(io.stderr, json ? jsonText(errorJson(error, personal), true) : errorLine(error, command, personal));
    return exitCodeFor(error);
  }
}

/** Calls the command's SDK method and prints its result. */
async function runCommand(command: CliCommand, values: FlagValues, io: CliIo, call: { input?: unknown }): Promise<number> {
  const logger = stderrLogger((text) => io.stderr.write(text), values.json === true);
  const config = await clientConfig(values, io.env, logger);
  if (values["mock-answer"] !== undefined && values.mock !== true) throw new UsageError("--mock-answer goes with --mock");
  const options = values.mock === true ? await withMock(config.options, io.env, command, values) : config.options;
  // What the SDK method does (generated/<spec>/resources.ts: `this.#core.run(descriptor, params,
  // options)`), typed for input read at run time: the same option and input checks, retries and errors.
  // io.env, not the SDK's default of process.env: main.ts passes process.env, and a caller of runCli
  // (the tests, in process) decides the whole environment, PAYWISE_LOG included.
  const core = new Core(resolveOptions(options, io.env));
  const input = await commandInput(command, values, io);
  call.input = input;
  const pending = core.run(command.descriptor, input, callOptions(command, values, io.signal));
  const result = values["with-response"] === true ? withResponseValue(await pending.withResponse()) : await pending;
  print(io.stdout, jsonText(result, values.json === true));
  return EXIT_SUCCESS;
}
