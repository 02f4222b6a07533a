// What a command prints (issue 23, item 3): the result as JSON on stdout (indented, or one line
// with --json), and an error as one readable line on stderr (with --json, the error as the SDK's
// JSON of it shows it: the SDK has redacted it already).
import type { WithResponse } from "../api-promise";
import { APIConnectionError, APIError, type ValidationIssue } from "../errors";
import { maskKnownPersonal, MAX_JSON_DEPTH } from "../redact";
import type { CliCommand } from "./command";
import { optionSource } from "./config";
import { terminalJson, terminalLine } from "./terminal-text";

export interface Output {
  write(text: string): void;
}

/** A value as the CLI prints JSON: indented for people, one line with --json, terminal controls escaped. */
export function jsonText(value: unknown, oneLine: boolean): string {
  return terminalJson(JSON.stringify(value, null, oneLine ? undefined : 2) ?? "null");
}

/** What --with-response prints: the payload, the envelope's meta fields, the HTTP status and what did not fit. */
export function withResponseValue(result: WithResponse<unknown>): Record<string, unknown> {
  return { data: result.data, meta: result.meta, status: result.response.status, issues: result.issues };
}

/** The flag or variable a problem's path is given by on this command line, when it has one. */
function sourceOf(path: string, command: CliCommand | undefined): string | undefined {
  const head = path.split(".")[0] ?? "";
  const source = optionSource(head);
  if (source) return source;
  const field = command?.fields.find((candidate) => candidate.field === head);
  if (field) return `--${field.flag}`;
  const option = command?.options.find((candidate) => candidate.option === head);
  return option ? `--${option.flag}` : undefined;
}

function issueText(issue: ValidationIssue, command: CliCommand | undefined): string {
  const source = sourceOf(issue.path, command);
  return `${terminalLine(issue.path) || "(the input)"}${source ? ` (${source})` : ""}: ${terminalLine(issue.message)}`;
}

/**
 * An error on one line: its class, its message (an issue list joined with "; ", each path with the
 * flag that sets it), and for an API error the HTTP status, error code, request id and what a 400
 * said was missing; for a connection error whether the request may have reached PayWise. The
 * server's text in it has the call's `personal` values masked (issue 28).
 */
export function errorLine(error: unknown, command: CliCommand | undefined, personal: readonly [string, string][] = []): string {
  const where = command ? `paywise ${command.resource} ${command.command}` : "paywise";
  if (!(error instanceof Error)) return `${where}: ${terminalLine(String(error))}`;
  const issues = (error as { issues?: unknown }).issues;
  const masked = (text: string) => terminalLine(maskKnownPersonal(text, personal));
  let message = masked(error.message);
  if (Array.isArray(issues) && issues.length > 0) {
    // The message lists the issues on lines of their own; the summary is its first line.
    const summary = error.message.split("\n")[0]!.replace(/[.:]$/, "");
    message = `${terminalLine(summary)}: ${(issues as ValidationIssue[]).map((issue) => issueText(issue, command)).join("; ")}`;
  }
  const details: string[] = [];
  const requestId = (error as { requestId?: unknown }).requestId;
  if (error instanceof APIError) {
    details.push(`HTTP ${error.status}`);
    if (error.errorCode) details.push(masked(error.errorCode));
    if (error.missing?.length) details.push(`missing ${terminalLine(error.missing.join(", "))}`);
  } else if (error instanceof APIConnectionError) {
    details.push(error.mayHaveReachedPayWise ? "may have reached PayWise" : "nothing was sent");
  }
  if (typeof requestId === "string" && requestId) details.push(`request id ${masked(requestId)}`);
  return `${where}: ${error.name}: ${message}${details.length ? ` (${details.join(", ")})` : ""}`;
}

/** A JSON value with the call's personal values masked in each of its strings (the SDK has cut its depth). */
function maskedStrings(value: unknown, personal: readonly [string, string][], depth = 0): unknown {
  if (typeof value === "string") return maskKnownPersonal(value, personal);
  if (value === null || typeof value !== "object" || depth > MAX_JSON_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => maskedStrings(item, personal, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskedStrings(item, personal, depth + 1)]));
}

/**
 * The error as JSON: its name and message, then what JSON.stringify shows of it (the SDK's own
 * fields, redacted), with the call's `personal` values masked in what the server sent (issue 28).
 */
export function errorJson(error: unknown, personal: readonly [string, string][] = []): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const { name, ...fields } = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
  return { name: error.name, ...(maskedStrings({ message: error.message, ...fields }, personal) as Record<string, unknown>) };
}
