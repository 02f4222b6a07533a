// Types for next-contract.mjs.
export const ADDED_FIELD: string;
export const REWORDED: string;
export interface Contract {
  file: string;
  name: string;
  version: string;
  spec: any;
}
export interface Changes {
  version: string;
  baseVersion: string;
  newOperation: { path: string; method: string; operationId: string; modelledOn: string };
  addedField: { operationId: string; status: string; name: string };
  reworded: { operationId: string };
  requiredField?: { operationId: string; name: string };
  removedField?: { name: string; target: string };
}
export function newestContract(openapiDir: string): Contract;
export function laterVersion(version: string): string;
export function nextContract(base: unknown, overlay: unknown, options?: { removeMarkedField?: boolean; requireField?: boolean }): { spec: any; version: string; name: string; text: string; changes: Changes };
