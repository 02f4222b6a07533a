// Collects what the reliability tests measured (outcome and attempts per case, load figures) and
// prints it as Markdown when PAYWISE_RELIABILITY_REPORT is set, so docs/RELIABILITY.md is copied
// from a real run rather than written from memory. Silent otherwise.
import { afterAll } from "vitest";

const rows: string[] = [];

/** Records one measured line; printed after the file's tests when the report is asked for. */
export function note(line: string): void {
  rows.push(line);
}

/** Records one fault-matrix case. */
export function noteCase(fault: string, operation: string, outcome: string, attempts: number): void {
  note(`| ${fault} | ${operation} | ${outcome} | ${attempts} |`);
}

/**
 * Prints the collected lines under `title` after all tests of the calling file, and forgets them:
 * files that share a worker and this module (the unit project) each print only their own.
 */
export function printReportAfterAll(title: string): void {
  afterAll(() => {
    const lines = rows.splice(0);
    if (!process.env.PAYWISE_RELIABILITY_REPORT || lines.length === 0) return;
    console.log([`### ${title}`, ...lines].join("\n"));
  });
}
