// Types for changelog-words.mjs, which tests import.
export interface MethodWords {
  name: string;
  types: { params: string; options: string; result: string };
  retry: "idempotent" | "unsent-only";
  retrySource: "overlay" | "default";
  httpMethod: string;
  path: string;
  hasOptions: boolean;
}
export function retryPolicyWords(sdk: MethodWords): string;
export function changelogLine(change: { level: string; text: string; isNew?: boolean; values?: { added?: unknown[]; removed?: unknown[] } }, sdk: MethodWords): string;
