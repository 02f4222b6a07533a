// Types for open-answers.mjs, which tests import.
export const OPEN_ENUM: "x-pw-open-enum";
export const UNCHECKED_FORMAT: "x-pw-unchecked-format";
export const ANSWER_COPY_SUFFIX: string;
export function openAnswers<Spec>(spec: Spec): Spec;
export function openEnumType(schema: object): unknown;
export const openAnswerResolvers: Record<string, (ctx: never) => unknown>;
export function withOpenEnumImport(text: string, kind: "types" | "zod"): string;
