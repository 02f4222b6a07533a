// The commands the tests expect, found from the generated descriptors (never a hand-kept list), with
// the contract's documented input for each, its secret fields set to values that cannot turn up in
// any output by chance. A bump's new operation is a new entry here with no edit.
import { basename } from "node:path";
import type { OperationDescriptor } from "../../../src/core";
import { SDK_FILLED_QUERY } from "../../../src/call-parameters";
import { SENSITIVE_FIELDS } from "../../../generated/current";
import { documentedInput, operations, SPEC_FILE, type SpecOperation } from "../../helpers/spec";

export const DESCRIPTORS = Object.values(
  (await import(`../../../generated/${basename(SPEC_FILE, ".yaml")}/operations.ts`)) as Record<string, OperationDescriptor>,
);

/** The rule, restated here so the test checks the CLI's names rather than reading them: kebab case. */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
}

export interface ExpectedCommand {
  descriptor: OperationDescriptor;
  /** `["account", "get-status"]`. */
  words: [string, string];
  spec: SpecOperation;
  /** The documented input, secrets replaced by distinctive values. */
  input: Record<string, unknown>;
  /** Those values, to look for where they must not be. */
  secrets: string[];
}

export const EXPECTED_COMMANDS: ExpectedCommand[] = DESCRIPTORS.map((descriptor) => {
  const spec = operations().find((op) => op.path === descriptor.path && op.method === descriptor.method.toUpperCase());
  if (!spec) throw new Error(`the contract has no ${descriptor.method} ${descriptor.path}`);
  const input = { ...documentedInput(spec, SDK_FILLED_QUERY) };
  const secrets: string[] = [];
  for (const field of Object.keys(input)) {
    if ((SENSITIVE_FIELDS as Record<string, string>)[field] !== "secret") continue;
    const value = `${field.replace(/_/g, "")}Zq${secrets.length}x7Vw`;
    input[field] = value;
    secrets.push(value);
  }
  return { descriptor, words: [kebab(descriptor.resource), kebab(descriptor.name)], spec, input, secrets };
});

/** The input as field flags, each value as text (a string as it is, anything else as JSON). */
export function asFlags(input: Record<string, unknown>): string[] {
  return Object.entries(input).flatMap(([field, value]) =>
    typeof value === "boolean" ? [value ? `--${kebab(field)}` : `--no-${kebab(field)}`] : [`--${kebab(field)}`, typeof value === "string" ? value : JSON.stringify(value)],
  );
}
