// Types for mock-answers.mjs, which tests import.
/** `{ "account.createSession": { 200: ["success"], 409: ["error"] }, ... }` */
export function documentedResponses(spec: unknown): Record<string, Record<number, string[]>>;
export function responsesModule(spec: unknown): string;
