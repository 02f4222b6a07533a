// Help from the contract (issue 23, item 4), checked against the generated descriptors and the
// contract itself, never against a hand-typed snapshot: every operation is a command under its
// resource, every input field of its descriptor a flag with its required mark, and each flag shows
// the contract's type, documented values, description and example.
import { afterAll, describe, expect, it } from "vitest";
import type * as z from "zod/mini";
import { jsonRequestBody, parameters, resolve, type Schema } from "../helpers/spec";
import { DESCRIPTORS, EXPECTED_COMMANDS, kebab, type ExpectedCommand } from "./helpers/cli-commands";
import { inBatches, removeBuiltCli, runPaywise, shown } from "./helpers/cli-process";

afterAll(removeBuiltCli);

interface ContractField {
  schema: Schema & { description?: string; enum?: unknown[]; type?: string; format?: string; examples?: unknown[] };
  description: string;
  example: unknown;
}

/** Each input field of a command as the contract documents it: its schema, description and example. */
function contractFields(command: ExpectedCommand): Map<string, ContractField> {
  const fields = new Map<string, ContractField>();
  const body = jsonRequestBody(command.spec);
  if (body?.schema) {
    const properties = (resolve(body.schema) as { properties?: Record<string, Schema & { description?: string; examples?: unknown[] }> }).properties ?? {};
    for (const [name, property] of Object.entries(properties)) {
      const schema = resolve(property) as ContractField["schema"];
      fields.set(name, { schema, description: property.description ?? schema.description ?? "", example: property.examples?.[0] ?? schema.examples?.[0] });
    }
  }
  for (const parameter of parameters(command.spec)) {
    if ((parameter.in !== "query" && parameter.in !== "path") || !parameter.schema) continue;
    const schema = resolve(parameter.schema) as ContractField["schema"];
    fields.set(parameter.name, { schema, description: (parameter as { description?: string }).description ?? schema.description ?? "", example: parameter.example ?? schema.examples?.[0] });
  }
  return fields;
}

const summaryOf = (command: ExpectedCommand) => (command.spec.operation as { summary?: string }).summary ?? "";
const typeOf = (schema: ContractField["schema"]) => (["string", "number", "integer", "boolean"].includes(schema.type ?? "") ? schema.type! : "json");

interface HelpFlag {
  flag: string;
  type: string;
  required: boolean;
  format?: string;
  about: string[];
}

/** The flags of one section of a command's help: a flag line, then its indented lines. */
function sectionFlags(help: string, title: string): Map<string, HelpFlag> {
  const flags = new Map<string, HelpFlag>();
  const start = help.split("\n").findIndex((line) => line.startsWith(title));
  if (start === -1) return flags;
  let current: HelpFlag | undefined;
  for (const line of help.split("\n").slice(start + 1)) {
    if (line === "" || !line.startsWith(" ")) break;
    const head = /^ {2}--([a-z0-9-]+)(?:, --no-[a-z0-9-]+)? <(\w+)>, (required|optional)(?:, format (\S+))?$/.exec(line);
    if (head) {
      current = { flag: head[1]!, type: head[2]!, required: head[3] === "required", format: head[4], about: [] };
      flags.set(current.flag, current);
    } else if (current && line.startsWith("      ")) current.about.push(line.trim());
    else throw new Error(`unexpected line in ${title}: ${JSON.stringify(line)}`);
  }
  return flags;
}

describe("paywise help", () => {
  it("lists every generated operation as `<resource> <command>` with the contract's summary, at the root and under its resource", { timeout: 60_000 }, async () => {
    const resources = [...new Set(EXPECTED_COMMANDS.map((command) => command.words[0]))];
    const [root, ...perResource] = await inBatches([() => runPaywise(["--help"]), ...resources.map((resource) => () => runPaywise([resource, "--help"]))]);
    expect(root.code, shown(root)).toBe(0);
    for (const command of EXPECTED_COMMANDS) {
      expect(root.stdout).toMatch(new RegExp(`^  ${command.words.join(" ")} +${escape(summaryOf(command))}$`, "m"));
    }
    expect(root.stdout).toMatch(/^ {2}doctor +\S/m);
    // Exactly the descriptors' commands: none made up, none missing.
    const listed = [...root.stdout.matchAll(/^ {2}([a-z][a-z0-9-]*) ([a-z][a-z0-9-]*) {2,}/gm)].map((match) => `${match[1]} ${match[2]}`);
    expect(listed.sort()).toEqual(EXPECTED_COMMANDS.map((command) => command.words.join(" ")).sort());
    perResource.forEach((run, index) => {
      expect(run.code, shown(run)).toBe(0);
      for (const command of EXPECTED_COMMANDS.filter((candidate) => candidate.words[0] === resources[index])) {
        expect(run.stdout).toContain(`  ${command.words[1]}  ${summaryOf(command)}\n`);
        const description = (command.spec.operation as { description?: string }).description;
        if (description) expect(run.stdout).toContain(`      ${description.trim()}`);
      }
    });
    expect(DESCRIPTORS.length).toBeGreaterThan(0);
  });

  it("shows each command's flags as its descriptor and the contract give them", { timeout: 90_000 }, async () => {
    const runs = await inBatches(EXPECTED_COMMANDS.map((command) => () => runPaywise([...command.words, "--help"])));
    EXPECTED_COMMANDS.forEach((command, index) => {
      const run = runs[index]!;
      expect(run.code, shown(run)).toBe(0);
      const help = run.stdout;
      const { descriptor } = command;
      expect(help.startsWith(`paywise ${command.words.join(" ")}: ${summaryOf(command)}\n`)).toBe(true);
      expect(help).toContain(`${descriptor.method.toUpperCase()} ${descriptor.path}`);

      // Every field of the descriptor's input schema, and nothing else, is a flag.
      const shape = (descriptor.inputSchema as unknown as z.ZodMiniObject).shape as Record<string, z.ZodMiniType>;
      const flags = sectionFlags(help, "Input");
      expect([...flags.keys()].sort()).toEqual(Object.keys(shape).map(kebab).sort());
      const documented = contractFields(command);
      for (const [field, schema] of Object.entries(shape)) {
        const flag = flags.get(kebab(field))!;
        expect(flag.required, `${field} required`).toBe(schema._zod.optin !== "optional");
        const contract = documented.get(field);
        if (!contract) throw new Error(`the contract documents no field ${field} of ${descriptor.name}`);
        expect(flag.type, `${field} type`).toBe(typeOf(contract.schema));
        if (contract.schema.format) expect(flag.format).toBe(contract.schema.format);
        const about = flag.about.join("\n");
        if (contract.description) expect(about).toContain(contract.description.trim().replace(/\s*\n\s*/g, " "));
        if (contract.schema.enum) expect(about).toContain(`Values: ${contract.schema.enum.map((value) => JSON.stringify(value)).join(" | ")}`);
        if (contract.example !== undefined) expect(about).toContain(`Example: ${typeof contract.example === "string" ? contract.example : JSON.stringify(contract.example)}`);
        // The usage line names each required flag.
        if (flag.required) expect(help).toMatch(new RegExp(`^Usage: .* --${kebab(field)} <${flag.type}>`, "m"));
      }

      // Every header option of the descriptor is a flag of its own, required when the SDK does not fill it.
      const options = sectionFlags(help, "Options of this call");
      expect([...options.keys()].sort()).toEqual(descriptor.headerOptions.map((option) => kebab(option.option)).sort());
      for (const header of descriptor.headerOptions) {
        const option = options.get(kebab(header.option))!;
        expect(option.required).toBe(header.required && !header.uuidDefault);
        const parameter = parameters(command.spec).find((candidate) => candidate.in === "header" && candidate.name === header.header) as { description?: string } | undefined;
        if (parameter?.description) expect(option.about.join(" ")).toContain(parameter.description.trim().split("\n")[0]);
      }
      // What a retry does is what the descriptor says.
      expect(help).toContain(descriptor.retryMode === "idempotent" ? "safe to repeat" : "Not safe to repeat");
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
