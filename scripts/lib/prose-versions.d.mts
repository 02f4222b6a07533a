// Types for prose-versions.mjs, which tests import.
export const PROSE_PATHS: readonly string[];
export const REWRITTEN_PATHS: readonly string[];
export function proseFiles(root: string, paths?: readonly string[]): string[];
export interface StaleMention {
  line: number;
  version: string;
  text: string;
}
export function staleMentions(text: string, newest: string, others: readonly string[]): StaleMention[];
export function staleProse(root: string, newest: string, others: readonly string[]): (StaleMention & { file: string })[];
export function moveContractVersion(root: string, from: string, to: string): string[];
