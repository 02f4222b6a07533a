// Types of spec-report.mjs, for the tests.
import type { Comparison } from "./spec-changes.mjs";
export type ReleaseLevel = "major" | "minor" | "patch";
export function parseVersion(version: string): [number, number, number];
export function compareVersions(a: string, b: string): -1 | 0 | 1;
export function releaseLevel(result: Comparison): ReleaseLevel | undefined;
export function nextVersion(current: string, level: ReleaseLevel): string;
export function describeBump(current: string, level: ReleaseLevel): string;
export function reportLines(result: Comparison, released: string): string[];
export function changelogEntry(result: Comparison, version: string, date: string): string;
