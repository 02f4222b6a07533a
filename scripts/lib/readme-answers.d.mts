// Types for readme-answers.mjs, which tests import.
export function answerRows(spec: unknown): string[];
export function readmeAnswerRows(readme: string): string[] | undefined;
export function withAnswerRows(readme: string, spec: unknown): string;
