// Types for sdk-names.mjs, which tests import.
export const HTTP_METHODS: readonly string[];
export const RETRY_MODES: readonly ("idempotent" | "unsent-only")[];
export function resourceName(operation: object, where?: string): string;
export function methodName(operation: object, where?: string): string;
export function retryMode(httpMethod: string, operation: object, where?: string): "idempotent" | "unsent-only";
export function optionName(headerName: string): string;
export function typeNames(method: string, operation: object, where?: string): { params: string; options: string; result: string };
export function resourceClassName(resource: string): string;
export interface SdkOperation {
  path: string;
  httpMethod: string;
  operationId: string | undefined;
  resource: string;
  method: string;
  retry: "idempotent" | "unsent-only";
  types: { params: string; options: string; result: string };
  operation: Record<string, unknown>;
}
export function sdkOperations(spec: unknown): SdkOperation[];
