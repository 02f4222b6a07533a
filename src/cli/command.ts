// The shape of generated/<spec>/cli.ts (scripts/lib/cli-commands.mjs writes it from the contract):
// what the command line knows of each operation beyond its descriptor.
import type { OperationDescriptor } from "../core";

/** How a flag's text is read: as it is, as a number, as presence (true; its --no- twin false), or as JSON. */
export type FlagType = "string" | "number" | "integer" | "boolean" | "json";

/** One input field of an operation (a body property or a query parameter), as a flag. */
export interface FieldFlag {
  /** The wire name, as the SDK's input takes it (`mobile_number`). */
  readonly field: string;
  /** The flag, without its dashes (`mobile-number`). */
  readonly flag: string;
  readonly type: FlagType;
  readonly required: boolean;
  /** The contract's description, "" when it has none. */
  readonly description: string;
  /** The documented values (the schema's enum), when it lists them. */
  readonly values?: readonly (string | number | boolean | null)[];
  /** The schema's format, such as email or uri. */
  readonly format?: string;
  /** The contract's example, as JSON text. */
  readonly example?: string;
}

/** A header parameter the client does not fill, taken as a call option (PW-request-id -> --request-id). */
export interface OptionFlag {
  readonly option: string;
  readonly flag: string;
  readonly header: string;
  /** Required and not filled by the SDK when missing. */
  readonly required: boolean;
  readonly description: string;
}

/** `paywise <resource> <command>`. */
export interface CliCommand {
  /** The resource in kebab case, as typed. */
  readonly resource: string;
  /** The SDK method in kebab case, as typed (`get-status`). */
  readonly command: string;
  readonly descriptor: OperationDescriptor;
  readonly summary: string;
  readonly description: string;
  readonly fields: readonly FieldFlag[];
  readonly options: readonly OptionFlag[];
  /** The contract's documented input for the operation, as JSON text, when it has one. */
  readonly example?: string;
}

/** `paywise <resource>`: the name typed, the SDK's property (`paywise.account`) and the tag's description. */
export interface CliResource {
  readonly name: string;
  readonly sdkName: string;
  readonly description: string;
}
