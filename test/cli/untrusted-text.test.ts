// The command line with slow servers, hostile answers and mistyped flags (issue 28, item 3): doctor's
// --timeout bounds all of its checks, number flags are read and refused the same way by every
// command, no flag value that may be the key is printed back, invisible and control characters in
// server text print as escapes, ids and codes print with the call's personal values masked, and a
// path named `__proto__` names no flag. The runs whose stderr must not carry Node's own
// TimeoutOverflowWarning (a --timeout past a timer's limit) run as a user runs them (a child
// process, whose stderr Node writes its warnings to); the others, doctor's included, go through
// runCli in this process (test/cli/helpers/cli-in-process.ts): a child adds only its start.
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { personalValuesIn } from "../../src/redact";
import { errorEnvelope, IP_ADDRESS, ORIGIN_COUNTRY, SECRET_KEY } from "../helpers/fixtures";
import { startFaultServer, type FaultServer } from "../helpers/fault-server";
import { asFlags, EXPECTED_COMMANDS } from "./helpers/cli-commands";
import { runPaywiseHere } from "./helpers/cli-in-process";
import { inBatches, removeBuiltCli, runPaywise, shown } from "./helpers/cli-process";

let server: FaultServer;
/** Answers every connection with a status line, then its headers a byte at a time, never finishing them. */
let trickling: Server;
const sockets = new Set<Socket>();
beforeAll(async () => {
  server = await startFaultServer();
  trickling = createServer((socket) => {
    sockets.add(socket);
    socket.write("HTTP/1.1 200 OK\r\nx-slow: ");
    const timer = setInterval(() => socket.write("a"), 200);
    socket.on("error", () => {});
    socket.on("close", () => (clearInterval(timer), sockets.delete(socket)));
  });
  await new Promise<void>((resolve) => trickling.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => trickling.close(resolve));
  await server.close();
  await removeBuiltCli();
});
beforeEach(() => server.clearScript());

const env = (baseUrl = server.url) => ({ PAYWISE_SUBSCRIPTION_KEY: SECRET_KEY, PAYWISE_ORIGIN_COUNTRY: ORIGIN_COUNTRY, PAYWISE_IP_ADDRESS: IP_ADDRESS, PAYWISE_BASE_URL: baseUrl });
const tricklingUrl = () => {
  const address = trickling.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
};
const safe = EXPECTED_COMMANDS.find((command) => command.descriptor.retryMode === "idempotent")!;

describe("paywise doctor --timeout", () => {
  it("bounds every check together, against a server that trickles a byte at a time and never finishes", { timeout: 60_000 }, async () => {
    // Before, --timeout was an idle timer that each byte reset: the run lasted as long as the server
    // kept trickling, past the harness's limit (it is killed there, and `code` is then null).
    // A regression runs until the test's own limit: that, not a hung process, fails it.
    const run = await runPaywiseHere(["doctor", "--timeout", "1500"], { env: env(tricklingUrl()) });
    expect(run.code, shown(run)).toBe(4);
    expect(run.stdout).toMatch(/\[fail\] answers: HEAD http:\/\/127\.0\.0\.1:\d+ failed: ETIMEDOUT: doctor's checks did not finish within 1500 ms \(--timeout\)/);
  });

  it("is read as every command reads it: not a number or out of range is refused with 3, naming the flag", { timeout: 120_000 }, async () => {
    // Past setTimeout's limit: a timer given one would have Node print a TimeoutOverflowWarning.
    const overflowing = ["99999999999", "1e400"];
    const doctorRuns = await inBatches(
      ["abc", "0", ...overflowing].map((value) => () => (overflowing.includes(value) ? runPaywise : runPaywiseHere)(["doctor", "--timeout", value], { env: env(tricklingUrl()) })),
    );
    const commandRuns = await inBatches(
      ["abc", "99999999999"].map((value) => () => (overflowing.includes(value) ? runPaywise : runPaywiseHere)([...safe.words, ...asFlags(safe.input), "--timeout", value], { env: env() })),
    );
    const otherFlag = await runPaywiseHere(["doctor", "--max-retries", "11"], { env: env(tricklingUrl()) });
    for (const run of [...doctorRuns, ...commandRuns]) {
      expect(run.code, shown(run)).toBe(3);
      expect(run.stderr).toContain("InvalidRequestError");
      expect(run.stderr).toContain("timeout (--timeout): must be a number of milliseconds above 0");
      expect(run.stderr).not.toContain("TimeoutOverflowWarning");
    }
    expect(otherFlag.code, shown(otherFlag)).toBe(3);
    expect(otherFlag.stderr).toContain("maxRetries (--max-retries): must be a whole number from 0 to");
  });
});

describe("what paywise prints back", () => {
  it("never prints the key given where the key file's path goes, nor a path given there", { timeout: 60_000 }, async () => {
    const [keyAsPath, controlPath] = await inBatches([
      () => runPaywiseHere([...safe.words, ...asFlags(safe.input), "--subscription-key-file", SECRET_KEY], { env: env() }),
      () => runPaywiseHere(["doctor", "--timeout", "1000", "--subscription-key-file", "/nowhere/\u001b[2Jkey\u200b.txt"], { env: env(tricklingUrl()) }),
    ]);
    expect(keyAsPath.code, shown(keyAsPath)).toBe(2);
    expect(keyAsPath.stderr).toContain("--subscription-key-file: cannot read the file (ENOENT)");
    expect(keyAsPath.stdout + keyAsPath.stderr).not.toContain(SECRET_KEY);
    expect(controlPath.stdout).toContain("--subscription-key-file: cannot read the file (ENOENT)");
    expect(controlPath.stdout + controlPath.stderr).not.toMatch(/nowhere|\u001b|\u200b/);
  });

  it("escapes invisible characters in server text and masks the call's personal values in its ids and codes", { timeout: 60_000 }, async () => {
    // A personal value of the call's input, as the SDK's marks name them (a mobile number or a name).
    const [[mobile, masked]] = personalValuesIn(safe.input) as [[string, string]];
    const errorCode = `AMBIGUOUS\u200b_MATCH\u2060\ufeff\u{E0041}\u202e:${mobile}`;
    server.script({ kind: "respond", status: 409, body: errorEnvelope(409, "Multiple\u200bmatches", { request_id: mobile, data: { error_code: errorCode } }) });
    const line = await runPaywiseHere([...safe.words, ...asFlags(safe.input), "--max-retries", "0"], { env: env() });
    server.script({ kind: "respond", status: 409, body: errorEnvelope(409, "Multiple\u200bmatches", { request_id: mobile, data: { error_code: errorCode } }) });
    const json = await runPaywiseHere([...safe.words, ...asFlags(safe.input), "--max-retries", "0", "--json"], { env: env() });
    for (const run of [line, json]) {
      expect(run.code, shown(run)).toBe(15);
      expect(run.stderr).not.toMatch(/[\u200b\u2060\ufeff\u202e\udb40]/);
      expect(run.stderr).toContain("Multiple\\u200bmatches");
      expect(run.stderr).toContain(`AMBIGUOUS\\u200b_MATCH\\u2060\\ufeff\\udb40\\udc41\\u202e:${masked}`);
      expect(run.stderr).not.toContain(mobile);
    }
    expect(line.stderr).toContain(`request id ${masked}`);
  });

  it("names no flag for a problem at a path named after an Object.prototype member", { timeout: 60_000 }, async () => {
    const runs = await inBatches(
      ["__proto__", "constructor", "toString"].map((name) => () => runPaywiseHere([...safe.words, "--input", JSON.stringify({ ...safe.input, [name]: 1 })], { env: env() })),
    );
    for (const run of runs) {
      expect(run.code, shown(run)).toBe(3);
      expect(run.stderr).not.toContain("[object Object]");
      expect(run.stderr).not.toMatch(/\((function|\[native code)/);
    }
  });
});
