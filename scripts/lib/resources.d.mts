// Types for resources.mjs, which tests import.
/** The texts of generated/<spec>/operations.ts and resources.ts. */
export function resourceModules(spec: unknown, zodText: string, sdkFilled: { headers: readonly string[]; query: readonly string[] }): { operations: string; resources: string };
