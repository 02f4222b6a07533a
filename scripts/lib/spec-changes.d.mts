// Types of spec-changes.mjs, for the tests.
export type Level = "cosmetic" | "additive" | "breaking";
export interface Change {
  level: Level;
  text: string;
  /** Something added (a method, a field, an enum value, an example): the CHANGELOG draft lists it under Added. */
  isNew?: boolean;
  /** On an enum's finding: the values it gained and lost, as the contracts spell them. */
  values?: { added: unknown[]; removed: unknown[] };
}
export interface MethodChanges {
  /** `resource.method`, as in `paywise.account.getStatus`. */
  name: string;
  /** "GET /account/account". */
  where: string;
  level: Level;
  changes: Change[];
}
export interface Comparison {
  baseVersion: string;
  headVersion: string;
  methods: MethodChanges[];
  level: Level | undefined;
}
export const LEVELS: Level[];
export function maxLevel(levels: Level[]): Level;
export function sdkView(spec: object, overlay?: object): Promise<object>;
export function compareContracts(baseSpec: object, headSpec: object, options?: { overlay?: object | undefined }): Promise<Comparison>;
