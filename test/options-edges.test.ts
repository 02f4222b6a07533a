// Options that cannot fail late (issue 15, item 3): a timeout the timers can honour, a baseUrl
// without credentials, every HeadersInit form of `headers`, and a subscription key checked against
// what the contract says of it and what a header can carry unchanged. That the largest accepted
// timeout raises no TimeoutOverflowWarning is in test/reliability/no-leaks.test.ts, which listens on
// `process` in a process of its own.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { InvalidRequestError, PayWise, type ClientOptions } from "../src/index";
import { MAX_TIMEOUT_MS } from "../src/deadlines";
import { resolveOptions } from "../src/options";
import { unitClient, validStatusQuery, statusAnswer } from "./helpers/fake-fetch";
import { caught } from "./helpers/renderings";
import { operation, parameters } from "./helpers/spec";
import { optionProblem, validOptions } from "./helpers/client-options";

const valid = validOptions;
const problem = optionProblem;

/** setTimeout's ceiling: a longer delay fires at once. */
const TIMER_CEILING_MS = 2 ** 31 - 1;

describe("timeout", () => {
  it("refuses what the timers cannot honour, at the client and on a call, naming the option", async () => {
    expect(problem({ ...valid, timeout: TIMER_CEILING_MS }).issues).toEqual([
      { path: "timeout", message: `must be a number of milliseconds above 0 and at most ${MAX_TIMEOUT_MS} (what the timers can honour)` },
    ]);
    const { client, requests } = unitClient(statusAnswer);
    const error = (await caught(client.account.getStatus(validStatusQuery, { timeout: TIMER_CEILING_MS }))) as InvalidRequestError;
    expect(error.issues.map((issue) => issue.path)).toEqual(["timeout"]);
    expect(requests).toHaveLength(0);
  });
});

describe("baseUrl with credentials", () => {
  const withCredentials = "https://merchant:hunter2-PASSWORD@api.paywise.test";

  it("is refused at construction, naming the option without echoing the credentials", () => {
    for (const error of [problem({ ...valid, baseUrl: withCredentials }), problem({ ...valid, baseUrl: undefined }, { PAYWISE_BASE_URL: withCredentials })]) {
      expect(error.issues.map((issue) => issue.path)).toEqual(["baseUrl"]);
      expect(error.message).toContain("must not contain a user name or password");
      for (const rendering of [error.message, String(error.stack), JSON.stringify(error), inspect(error, { showHidden: true, depth: Infinity })]) {
        expect(rendering).not.toContain("hunter2");
        expect(rendering).not.toContain("merchant");
      }
    }
  });

  it("is refused with a user name alone", () => {
    expect(problem({ ...valid, baseUrl: "https://merchant@api.paywise.test" }).issues.map((issue) => issue.path)).toEqual(["baseUrl"]);
  });
});

describe("headers, in every HeadersInit form", () => {
  const forms: [string, () => ClientOptions["headers"]][] = [
    ["a Headers", () => new Headers({ "X-Trace": "t-1" })],
    ["an array of pairs", () => [["X-Trace", "t-1"]]],
    ["a plain object", () => ({ "X-Trace": "t-1" })],
  ];

  it.each(forms)("sends %s given as the client's headers", async (_form, headers) => {
    const { client, requests } = unitClient(statusAnswer, { headers: headers() });
    await client.account.getStatus(validStatusQuery);
    expect(requests[0]!.headers.get("x-trace")).toBe("t-1");
  });

  it.each(forms)("sends %s given as a call's headers, over the client's", async (_form, headers) => {
    const { client, requests } = unitClient(statusAnswer, { headers: { "X-Trace": "from-client" } });
    await client.account.getStatus(validStatusQuery, { headers: headers() });
    expect(requests[0]!.headers.get("x-trace")).toBe("t-1");
  });

  it("joins a name an array gives twice, as Headers does", async () => {
    const { client, requests } = unitClient(statusAnswer);
    await client.account.getStatus(validStatusQuery, { headers: [["X-Tag", "a"], ["x-tag", "b"]] });
    expect(requests[0]!.headers.get("x-tag")).toBe("a, b");
  });

  it.each([
    ["a Map", new Map([["X-Trace", "t-1"]]), "headers", /a Map, which is not read/],
    ["a string", "X-Trace: t-1", "headers", /got string/],
    ["a URLSearchParams", new URLSearchParams("a=b"), "headers", /object of another kind/],
    ["a pair of three", [["X-Trace", "t-1", "x"]], "headers[0]", /\[name, value\] pair of strings/],
    ["a pair with a number", [["X-Trace", 1]], "headers[0]", /\[name, value\] pair of strings/],
    ["a non-string value", { "X-Trace": 1 }, "headers.X-Trace", /must be a string/],
  ])("refuses %s by name, at the client and on a call, sending nothing", async (_what, headers, path, message) => {
    const clientError = problem({ ...valid, headers } as never);
    expect(clientError.issues.map((issue) => issue.path)).toEqual([path]);
    expect(clientError.message).toMatch(message);
    const { client, requests } = unitClient(statusAnswer);
    const callError = (await caught(client.account.getStatus(validStatusQuery, { headers } as never))) as InvalidRequestError;
    expect(callError).toBeInstanceOf(InvalidRequestError);
    expect(callError.issues.map((issue) => issue.path)).toEqual([path]);
    expect(requests).toHaveLength(0);
  });

  it("still refuses a header that fetch would refuse or that frames the request, in any form", () => {
    expect(problem({ ...valid, headers: new Headers({ "Content-Length": "2" }) }).issues.map((issue) => issue.path)).toEqual(["content-length"]);
    expect(problem({ ...valid, headers: [["X-Bad", "a\r\nb"]] }).issues.map((issue) => issue.path)).toEqual(["X-Bad"]);
  });
});

describe("subscriptionKey", () => {
  // What the contract says of the header, read from the contract rather than restated here.
  const keyParameter = parameters(operation("getAccountBalance")).find((parameter) => parameter.name === "PW-subscription-key")!;
  const keySchema = keyParameter.schema as { minLength?: number; maxLength?: number };
  const length = keySchema.maxLength ?? keySchema.minLength ?? 32;
  const keyOf = (character: string) => `${"a".repeat(length - 1)}${character}`;

  it("is checked against the contract's length", () => {
    expect(keySchema.minLength).toBeDefined();
    expect(resolveOptions({ ...valid, subscriptionKey: keyOf("b") }, {}).subscriptionKey).toHaveLength(length);
    expect(problem({ ...valid, subscriptionKey: "a".repeat(keySchema.minLength! - 1) }).issues.map((issue) => issue.path)).toEqual(["subscriptionKey"]);
  });

  it.each([
    ["a letter beyond ASCII", "é"],
    ["a Latin-1 symbol", "\u00a7"],
    ["a space", " "],
    ["a tab", "\t"],
    ["DEL", "\u007f"],
    ["a letter beyond Latin-1", "ł"],
  ])("is refused when it holds %s, of the contract's length, naming the option without echoing the key", (_what, character) => {
    const key = keyOf(character);
    expect(key).toHaveLength(length);
    const error = problem({ ...valid, subscriptionKey: key });
    expect(error.issues.map((issue) => issue.path)).toEqual(["subscriptionKey"]);
    expect(error.message).toContain("visible ASCII");
    expect(JSON.stringify(error)).not.toContain("a".repeat(length - 1));
    expect(error.message).not.toContain("a".repeat(length - 1));
  });

  it("is what the client refuses too", () => {
    expect(() => new PayWise({ ...valid, subscriptionKey: keyOf("é") })).toThrow(InvalidRequestError);
  });

  it("is held to the same when a call puts it in headers, sending nothing", async () => {
    const { client, requests } = unitClient(statusAnswer);
    const error = (await caught(client.account.getStatus(validStatusQuery, { headers: { "PW-subscription-key": keyOf("é") } }))) as InvalidRequestError;
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.issues.map((issue) => issue.path)).toEqual(["PW-subscription-key"]);
    expect(error.message).not.toContain("a".repeat(length - 1));
    expect(requests).toHaveLength(0);
  });
});
