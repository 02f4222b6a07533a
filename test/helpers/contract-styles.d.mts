// Types for contract-styles.mjs.
import type { Changes } from "./next-contract.mjs";
export const STYLES: Record<"noExamples" | "inlineSchemas" | "openapi303" | "json" | "newTag" | "newOptionalInputs" | "widenedEnum" | "created201" | "pathParameter", string>;
export type Style = keyof typeof STYLES;
export const NEW_TAG: string;
export interface StyledChanges extends Changes {
  styles: string[];
  newTag?: { tag: string; operationIds: string[] };
  pathParameter?: { operationId: string; path: string; name: string };
  created201?: { operationId: string; status: string };
  newOptionalInputs?: { operationId: string; query: string; header: string };
  widenedEnum?: { schema: string; value: string };
  openapi303?: { operationId: string; nullableField: string };
}
export const BUMP_CONTRACTS: Record<"additive" | "breaking", { styles: Style[]; requireField?: boolean }>;
export function styledContract(base: unknown, overlay: unknown, styles: readonly Style[], options?: { requireField?: boolean }): { spec: any; version: string; name: string; text: string; changes: StyledChanges };
