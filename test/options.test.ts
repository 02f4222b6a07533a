import { describe, expect, it } from "vitest";
import { InvalidRequestError, PayWise, type ClientOptions } from "../src/index";
import { DEFAULT_TIMEOUT_MS, resolveOptions } from "../src/options";
import { DEFAULT_MAX_RETRIES } from "../src/retry";
import { optionProblem, validOptions } from "./helpers/client-options";

const valid = validOptions;
const problem = optionProblem;

describe("resolveOptions", () => {
  it("fills defaults and trims the base URL's trailing slash", () => {
    const resolved = resolveOptions(valid, {});
    expect(resolved).toMatchObject({
      baseUrl: "https://api.paywise.test",
      timeout: DEFAULT_TIMEOUT_MS,
      maxRetries: DEFAULT_MAX_RETRIES,
      diagnostics: false,
      logLevel: "off",
      headers: {},
    });
  });

  it("reads every required option from the environment", () => {
    const resolved = resolveOptions(
      {},
      {
        PAYWISE_SUBSCRIPTION_KEY: valid.subscriptionKey,
        PAYWISE_ORIGIN_COUNTRY: "TT",
        PAYWISE_IP_ADDRESS: "203.0.113.7",
        PAYWISE_BASE_URL: "https://api.paywise.test",
        PAYWISE_LOG: "debug",
      },
    );
    expect(resolved).toMatchObject({ ...valid, baseUrl: "https://api.paywise.test", logLevel: "debug" });
  });

  it("names the environment variable that would also do for a missing option", () => {
    const { subscriptionKey: _, ...rest } = valid;
    const error = problem(rest);
    expect(error.issues).toEqual([{ path: "subscriptionKey", message: "is required: pass it, or set the environment variable PAYWISE_SUBSCRIPTION_KEY" }]);
    expect(problem({ ...valid, baseUrl: undefined }).message).toContain("PAYWISE_BASE_URL");
    expect(problem({ ...valid, ipAddress: undefined }).message).toContain("PAYWISE_IP_ADDRESS");
    expect(problem({ ...valid, originCountry: undefined }).message).toContain("PAYWISE_ORIGIN_COUNTRY");
  });

  it("checks the key's length without ever echoing the key", () => {
    const shortKey = "eed0d85c530c4b26a91d09b783d8fab";
    const error = problem({ ...valid, subscriptionKey: shortKey });
    expect(error.issues[0]!.path).toBe("subscriptionKey");
    expect(error.issues[0]!.message).toBe("must be exactly 32 characters (the PW-subscription-key header)");
    expect(error.message).not.toContain(shortKey);
    expect(JSON.stringify(error)).not.toContain(shortKey);
  });

  it.each([
    ["originCountry", "tt", "must be two capital letters"],
    ["originCountry", "TTO", "must be exactly 2 characters"],
    ["ipAddress", "203.0.113", "must be an IPv4 address"],
    ["ipAddress", "1.2.3.4", "at least 8 characters"],
    ["userAgent", "x".repeat(256), "at most 255 characters"],
    ["userAgent", "", "at least 1 character"],
    ["timeout", 0, "milliseconds above 0"],
    ["maxRetries", 1.5, "whole number"],
    ["maxRetries", -1, "whole number"],
    ["logLevel", "verbose", "must be one of off, error, warn, info, debug"],
    ["baseUrl", "not a url", "absolute URL"],
    ["diagnostics", "true", "must be true or false"],
    ["allowInsecureHttp", 1, "must be true or false"],
  ])("refuses %s = %j, naming the option", (option, value, expected) => {
    const error = problem({ ...valid, [option]: value } as ClientOptions);
    expect(error.issues[0]!.path).toBe(option);
    expect(error.message).toContain(expected);
  });

  it("refuses an option it does not know", () => {
    const error = problem({ ...valid, retries: 3 } as ClientOptions);
    expect(error.issues[0]).toMatchObject({ path: "retries" });
    expect(error.message).toContain("is not an option");
  });

  it("allows http only on loopback or when explicitly opted in", () => {
    expect(problem({ ...valid, baseUrl: "http://api.paywise.test" }).message).toContain("must be https:");
    expect(resolveOptions({ ...valid, baseUrl: "http://127.0.0.1:4010" }, {}).baseUrl).toBe("http://127.0.0.1:4010");
    expect(resolveOptions({ ...valid, baseUrl: "http://localhost:4010" }, {}).baseUrl).toBe("http://localhost:4010");
    expect(resolveOptions({ ...valid, baseUrl: "http://[::1]:4010" }, {}).baseUrl).toBe("http://[::1]:4010");
    expect(resolveOptions({ ...valid, baseUrl: "http://api.paywise.test", allowInsecureHttp: true }, {}).baseUrl).toBe("http://api.paywise.test");
  });

  it("is what the PayWise constructor runs", () => {
    expect(() => new PayWise({ ...valid, originCountry: "Trinidad" })).toThrow(InvalidRequestError);
  });
});

describe("an environment that forbids reading variables (Deno without --allow-env)", () => {
  const forbidding = new Proxy({} as Record<string, string>, {
    get() {
      throw new Error("NotCapable: requires env access");
    },
  });

  it("needs nothing from it when every option is passed", () => {
    expect(resolveOptions(valid, forbidding).logLevel).toBe("off");
  });

  it("still names the variable for a missing option", () => {
    expect(() => resolveOptions({ ...valid, ipAddress: undefined }, forbidding)).toThrow("PAYWISE_IP_ADDRESS");
  });
});

describe("PAYWISE_LOG (issue 10)", () => {
  it("names the environment variable and its values when it holds a bad value", () => {
    const error = problem(valid, { PAYWISE_LOG: "verbose" });
    expect(error.issues).toEqual([{ path: "PAYWISE_LOG", message: "the environment variable must be one of off, error, warn, info, debug (it is read when the logLevel option is not passed)" }]);
    expect(error.message).toContain("PAYWISE_LOG");
  });

  it("still names the option when the option holds the bad value", () => {
    expect(problem({ ...valid, logLevel: "verbose" as never }, { PAYWISE_LOG: "debug" }).issues[0]!.path).toBe("logLevel");
  });
});

describe("reporting option problems (issue 10)", () => {
  it("reports every problem of the client options at once", () => {
    const error = problem({ ...valid, originCountry: "tt", ipAddress: "1.2.3", timeout: -1, logLevel: "loud" as never, retries: 2 } as ClientOptions);
    expect(error.issues.map((issue) => issue.path)).toEqual(["retries", "originCountry", "ipAddress", "timeout", "logLevel"]);
    expect(error.message).toMatch(/^The PayWise client options are invalid:/);
  });

  it("reports a missing option and a bad one together", () => {
    const error = problem({ ...valid, subscriptionKey: undefined, maxRetries: -1, headers: { "bad name": "x" } });
    expect(error.issues.map((issue) => issue.path)).toEqual(["subscriptionKey", "maxRetries", "bad name"]);
  });

  it.each(["203.0.113", "not an address", "1.2.3.4.5", "2001:db8::1"])("says in words what ipAddress %j must be, without a regex", (value) => {
    const error = problem({ ...valid, ipAddress: value });
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.message).toMatch(/^must be an IPv4 address/);
    expect(error.issues[0]!.message).not.toMatch(/\/\^|\[0-9\]|\\\./);
  });

  it("says in words what originCountry must be, without a regex", () => {
    const error = problem({ ...valid, originCountry: "tt" });
    expect(error.issues).toEqual([{ path: "originCountry", message: "must be two capital letters, an ISO 3166-1 alpha-2 code such as TT (the PW-origin-country header)" }]);
  });
});

describe("the options of one call (issue 10)", () => {
  it("reports every problem at once, naming them the call options of the method, and sends nothing", async () => {
    const { unitClient, statusAnswer, validStatusQuery } = await import("./helpers/fake-fetch");
    const { client, requests } = unitClient(statusAnswer);
    const error = await client.account
      .getStatus(validStatusQuery, { timeout: -1, maxRetries: 1.5, headers: { "bad name": "x" }, retries: 1 } as never)
      .then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidRequestError);
    const { message, issues } = error as InvalidRequestError;
    expect(message).toMatch(/^The options of getStatus \(call options\) are invalid, so nothing was sent:/);
    expect(message).not.toContain("client options");
    expect(issues.map((issue) => issue.path)).toEqual(["retries", "timeout", "maxRetries", "bad name"]);
    expect(requests).toHaveLength(0);
  });

  it("reports a bad requestId of createSession with the other call options", async () => {
    const { unitClient, statusAnswer, validSessionBody } = await import("./helpers/fake-fetch");
    const { client, requests } = unitClient(statusAnswer);
    const error = await client.account.createSession(validSessionBody, { requestId: "not-a-uuid", timeout: 0 }).then(() => undefined, (caught: unknown) => caught);
    expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toEqual(["timeout", "requestId"]);
    expect((error as InvalidRequestError).message).toMatch(/^The options of createSession \(call options\) are invalid/);
    expect(requests).toHaveLength(0);
  });
});

describe("the userAgent option's documentation (issue 10)", () => {
  it("gives the User-Agent the SDK really sends by default, and says the option replaces it", async () => {
    const { readFileSync } = await import("node:fs");
    const source = readFileSync(new URL("../src/options.ts", import.meta.url), "utf8");
    const doc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*userAgent\?:/.exec(source)?.[1] ?? "";
    const template = /@default "([^"]+)"/.exec(doc)?.[1];
    expect(template).toBeDefined();
    const pattern = new RegExp(`^${template!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/<[^>]+>/g, "[^ ;()/]+")}$`);
    const { unitClient, statusAnswer, validStatusQuery } = await import("./helpers/fake-fetch");
    const sent = unitClient(statusAnswer);
    await sent.client.account.getStatus(validStatusQuery);
    expect(sent.requests[0]!.headers.get("user-agent")).toMatch(pattern);
    expect(doc).toMatch(/sent instead of the SDK's/);
    const replaced = unitClient(statusAnswer, { userAgent: "institution-backend/1.0" });
    await replaced.client.account.getStatus(validStatusQuery);
    expect(replaced.requests[0]!.headers.get("user-agent")).toBe("institution-backend/1.0");
  });
});
