// Types for sensitive.mjs, which tests import.
export const SENSITIVE_KINDS: ReadonlySet<string>;
/** The text of generated/<spec>/sensitive.ts. */
export function sensitiveFields(spec: unknown, specName: string): string;
