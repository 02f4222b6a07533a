// Types for dynamic-mock.mjs, which tests import.
export function dynamicMockContract<Spec>(spec: Spec): Spec;
export function dynamicMockModule(spec: unknown): string;
