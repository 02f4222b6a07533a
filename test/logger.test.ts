// The levelled logger: lines below the level are dropped, the rest go to the caller's sink with a
// prefix, and a sink that throws never reaches the call that logged.
import { describe, expect, it } from "vitest";
import { LOG_LEVELS, createLevelledLogger, type Logger, type LogLevel } from "../src/logger";

function sink() {
  const lines: [string, string, unknown][] = [];
  const logger: Logger = {
    error: (message, fields) => lines.push(["error", message, fields]),
    warn: (message, fields) => lines.push(["warn", message, fields]),
    info: (message, fields) => lines.push(["info", message, fields]),
    debug: (message, fields) => lines.push(["debug", message, fields]),
  };
  return { logger, lines };
}

function logAtEveryLevel(level: LogLevel) {
  const { logger, lines } = sink();
  const levelled = createLevelledLogger(level, logger);
  for (const at of ["error", "warn", "info", "debug"] as const) levelled.log(at, `${at} line`);
  return lines.map(([at]) => at);
}

describe("createLevelledLogger", () => {
  it("passes nothing at off", () => {
    expect(logAtEveryLevel("off")).toEqual([]);
  });

  it.each([
    ["error", ["error"]],
    ["warn", ["error", "warn"]],
    ["info", ["error", "warn", "info"]],
    ["debug", ["error", "warn", "info", "debug"]],
  ] as const)("passes %s and the levels above it", (level, expected) => {
    expect(logAtEveryLevel(level)).toEqual(expected);
  });

  it("says which levels are enabled, so callers can skip building costly fields", () => {
    const levelled = createLevelledLogger("info", sink().logger);
    expect(levelled.enabled("info")).toBe(true);
    expect(levelled.enabled("debug")).toBe(false);
    expect(LOG_LEVELS.filter((level) => level !== "off").map((level) => createLevelledLogger("off", sink().logger).enabled(level))).toEqual([false, false, false, false]);
  });

  it("prefixes the message and passes the fields on as they are", () => {
    const { logger, lines } = sink();
    const fields = { url: "https://api.paywise.test/account/balance" };
    createLevelledLogger("debug", logger).log("debug", "POST /account/balance attempt 1", fields);
    expect(lines).toEqual([["debug", "[paywise] POST /account/balance attempt 1", fields]]);
  });

  it("swallows an error thrown by the sink", () => {
    const throwing: Logger = {
      error: () => {
        throw new Error("sink down");
      },
      warn: () => {},
      info: () => {},
      debug: () => {},
    };
    expect(() => createLevelledLogger("error", throwing).log("error", "register failed")).not.toThrow();
  });
});

describe("the error line of a failed call", () => {
  it("masks the caller's personal data that the server's message repeats", async () => {
    const { unitClient, json, envelope } = await import("./helpers/fake-fetch");
    const { logger, lines } = sink();
    const { client } = unitClient(
      () => json(envelope({ status: "error", code: 404, message: "No account for 18681112220 (Icon Gilbert)" }), 404),
      { logLevel: "error", logger },
    );
    await client.account
      .getStatus({ mobile_number: "18681112220", institution_name: "PayWiseDAP", first_name: "Icon", last_name: "Gilbert" })
      .catch(() => undefined);
    const errorLines = lines.filter(([at]) => at === "error").map(([, message]) => message);
    expect(errorLines).toEqual(["[paywise] getStatus failed: NotFoundError: No account for ******2220 (I*** G***)"]);
  });
});
