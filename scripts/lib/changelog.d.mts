// Types of changelog.mjs, for the tests.
export function releases(text: string): { version: string; body: string }[];
export function namesContract(body: string, contractVersion: string): boolean;
export function releaseSection(text: string, version: string): { version: string; body: string } | undefined;
export function releaseBuiltFrom(text: string, contractVersion: string, compareVersions: (a: string, b: string) => number): string | undefined;
export function insertEntry(text: string, entry: string, version: string): string;
