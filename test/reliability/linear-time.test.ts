// Every pattern applied to outside text runs in linear time (issue 28; the inventory is in
// docs/RELIABILITY.md): each case below is the worst input found for it, at the size the SDK
// accepts. The bound is CPU time of this process, not the clock, and far above the cost of a linear
// pass: each case costs a few milliseconds now and cost seconds before (docs/PERFORMANCE.md), so
// neither a loaded machine nor a slow one turns a pass into a failure.
import { describe, expect, it } from "vitest";
import { maskKnownPersonal, recordedId, scrubText } from "../../src/redact";
import { parseRetryAfter } from "../../src/retry";
import { nameWords } from "../../src/sensitive-names";
import { APIError, InvalidResponseError, PayWise } from "../../src/index";
import { changelogLine, type MethodWords } from "../../scripts/lib/changelog-words.mjs";
import { cell as referenceCell } from "../../scripts/lib/api-reference.mjs";
import { cell } from "../../scripts/lib/readme-cli.mjs";
import { envelope, json, unitClient, validStatusQuery } from "../helpers/fake-fetch";

/** Far above a linear pass over these inputs (a few ms), far below what the quadratic code took (seconds). */
const CPU_BOUND_MS = 1_000;

function cpuMsOf(run: () => unknown): number {
  const before = process.cpuUsage();
  run();
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / 1000;
}

async function cpuMsOfAsync(run: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await run();
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / 1000;
}

/**
 * A key of about 63,000 capitals, under the 64 KiB an error answer is parsed up to:
 * /([A-Z]+)([A-Z][a-z])/g retried it from each capital (2 to 8 s). Each test takes a key of its own
 * length, as the SDK remembers the names it has read.
 */
const capitalsKey = (length: number) => "A".repeat(length);

describe("names of fields and headers", () => {
  it("splits a name of 120,000 capitals in one pass", () => {
    const name = capitalsKey(120_000);
    let words: string[] = [];
    expect(cpuMsOf(() => (words = nameWords(name)))).toBeLessThan(CPU_BOUND_MS);
    expect(words).toEqual([name.toLowerCase()]);
    expect(nameWords("APIKeyX9Value")).toEqual(["api", "key", "x9", "value"]);
  });

  // The body is under the 64 KiB an error answer is parsed up to; each route reads every key's name.
  const answers: [string, () => Response, typeof APIError | typeof InvalidResponseError][] = [
    ["an error answer", () => json({ [capitalsKey(63_000)]: 1 }, 400), APIError],
    ["a 2xx that is not an envelope", () => json({ [capitalsKey(63_001)]: 1 }, 200), InvalidResponseError],
    ["an envelope whose data holds the key", () => json(envelope({ data: { [capitalsKey(63_002)]: 1 } }), 200), InvalidResponseError],
  ];
  for (const [what, answer, ErrorClass] of answers) {
    it(`costs the caller milliseconds, not seconds, for ${what} whose one key is 63,000 capitals`, async () => {
      const { client } = unitClient(() => answer(), { maxRetries: 0, logLevel: "debug", logger: { error() {}, warn() {}, info() {}, debug() {} } });
      let outcome: unknown;
      const spent = await cpuMsOfAsync(async () => {
        outcome = await client.account.getStatus(validStatusQuery).catch((error: unknown) => error);
      });
      expect(spent).toBeLessThan(CPU_BOUND_MS);
      // The answer was read to its end and judged, not given up on by a timer.
      expect(outcome).toBeInstanceOf(ErrorClass);
    });
  }
});

describe("headers and options", () => {
  it("reads a Retry-After of 256 KiB without backtracking through it", () => {
    // A day name, then month names and digits over and over, without the time the pattern wants.
    const value = `Mon, ${" Jan 12:12".repeat(26_000)}`;
    let wait: number | undefined = 0;
    expect(cpuMsOf(() => (wait = parseRetryAfter(value)))).toBeLessThan(CPU_BOUND_MS);
    expect(wait).toBeUndefined();
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:00 GMT"))).toBe(60_000);
  });

  it("takes a baseUrl of 100,000 slashes and a letter without retrying from each slash", () => {
    const baseUrl = `https://api.paywise.test/${"/".repeat(100_000)}v1//`;
    let client: PayWise | undefined;
    expect(cpuMsOf(() => (client = new PayWise({ subscriptionKey: "k3y0123456789abcdef0123456789abc", originCountry: "TT", ipAddress: "203.0.113.7", baseUrl })))).toBeLessThan(CPU_BOUND_MS);
    expect((client!.toJSON() as { baseUrl: string }).baseUrl).toBe(baseUrl.slice(0, -2));
  });
});

describe("a call's own values in server text", () => {
  // Values as long as the SDK takes (8,000 characters), and 64 KiB of near misses.
  const nearMiss = "1".repeat(7_999) + "2";
  it("masks a personal value of 8,000 digits in 64 KiB of near misses, with separators or without", () => {
    for (const text of ["1".repeat(64_000), "1 ".repeat(32_000)]) {
      let masked = "";
      expect(cpuMsOf(() => (masked = maskKnownPersonal(`${text}${nearMiss}`, [[nearMiss, "******1112"]])))).toBeLessThan(CPU_BOUND_MS);
      expect(masked.endsWith("******1112")).toBe(true);
    }
  });

  // Not quadratic before either (a plain search found no secret, and the pattern ran only then):
  // the bound of the search that replaced it.
  it("scrubs a secret of 8,000 characters from 1 MiB of near misses", () => {
    const secret = "ab".repeat(3_999) + "c";
    let scrubbed = "";
    expect(cpuMsOf(() => (scrubbed = scrubText(`${"ab".repeat(512 * 1024)}${secret}`, [secret])))).toBeLessThan(CPU_BOUND_MS);
    expect(scrubbed.endsWith("[REDACTED]")).toBe(true);
    expect(scrubbed).not.toContain(secret);
  });

  it("records an id of 64 KiB in linear time, cut to what a record holds", () => {
    let recorded = "";
    expect(cpuMsOf(() => (recorded = recordedId("1 ".repeat(32_000), ["ab".repeat(3_999) + "c"], [[nearMiss, "******1112"]])))).toBeLessThan(CPU_BOUND_MS);
    expect(recorded.length).toBeLessThanOrEqual(129);
  });
});

describe("a contract's text during a bump", () => {
  const method: MethodWords = { name: "account.getBalance", types: { params: "GetBalanceParams", options: "GetBalanceOptions", result: "AccountBalance" }, retry: "idempotent", retrySource: "overlay", httpMethod: "post", path: "/account/balance", hasOptions: false };

  it("words a CHANGELOG line for an endpoint label holding 20,000 \" to \" and a line break in one pass", () => {
    const label = JSON.stringify(" to ".repeat(20_000));
    let line = "";
    expect(cpuMsOf(() => (line = changelogLine({ level: "breaking", text: `endpoint changed from ${label}\n` }, method)))).toBeLessThan(CPU_BOUND_MS);
    // Not an endpoint change it can word: said as it came.
    expect(line.startsWith("- `paywise.account.getBalance`: endpoint changed from")).toBe(true);
    expect(changelogLine({ level: "breaking", text: "endpoint changed from POST /a to POST /b" }, method)).toContain("now calls `POST /b` (was `POST /a`)");
  });

  it("fits a contract description of 100,000 spaces into one README table cell in one pass", () => {
    let fitted = "";
    expect(cpuMsOf(() => (fitted = cell(`a${" ".repeat(100_000)}|b\n  c`)))).toBeLessThan(CPU_BOUND_MS);
    expect(fitted).toBe(`a${" ".repeat(100_000)}\\|b c`);
  });

  it("fits a contract description of 100,000 spaces into one docs/api.md table cell in one pass", () => {
    let fitted = "";
    expect(cpuMsOf(() => (fitted = referenceCell(`a${" ".repeat(100_000)}|b\n  c`)))).toBeLessThan(CPU_BOUND_MS);
    expect(fitted).toBe(`a${" ".repeat(100_000)}\\|b c`);
  });
});
