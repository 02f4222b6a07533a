import { describe, expect, it } from "vitest";
import { InvalidRequestError, PayWise, type ClientOptions } from "../src/index";
import { DEFAULT_TIMEOUT_MS, resolveOptions } from "../src/options";
import { DEFAULT_MAX_RETRIES } from "../src/retry";

const valid = {
  subscriptionKey: "eed0d85c530c4b26a91d09b783d8fab3",
  originCountry: "TT",
  ipAddress: "203.0.113.7",
  baseUrl: "https://api.paywise.test/",
} satisfies ClientOptions;

function problem(options: ClientOptions, env: Record<string, string> = {}): InvalidRequestError {
  try {
    resolveOptions(options, env);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error("resolveOptions accepted the options");
}

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
    ["originCountry", "tt", "must match"],
    ["originCountry", "TTO", "must be exactly 2 characters"],
    ["ipAddress", "203.0.113", "must be a valid ipv4"],
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
