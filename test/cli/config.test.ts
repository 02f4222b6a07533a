// Configuration as the client reads it (issue 23, item 2): the PAYWISE_* variables and the
// --base-url, --origin-country and --ip-address flags, and the subscription key only from
// PAYWISE_SUBSCRIPTION_KEY or --subscription-key-file; a --subscription-key flag is refused with
// the reason, and never echoed. The runs go through runCli in this process, with the environment and
// arguments a run would get (test/cli/helpers/cli-in-process.ts): none of these outcomes is about the
// process, and main.ts's passing of process.env and argv is run in child processes by exit-codes.test.ts
// and untrusted-text.test.ts (issue 30, item 4: eight node starts and a bundle fewer).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultServer, type FaultServer } from "../helpers/fault-server";
import { IP_ADDRESS, ORIGIN_COUNTRY, SECRET_KEY } from "../helpers/fixtures";
import { asFlags, EXPECTED_COMMANDS } from "./helpers/cli-commands";
import { runPaywiseHere } from "./helpers/cli-in-process";
import { inBatches, shown } from "./helpers/cli-process";

let server: FaultServer;
let scratch: string;
beforeAll(async () => {
  server = await startFaultServer({ fallback: { kind: "ok" } });
  scratch = mkdtempSync(join(tmpdir(), "paywise-cli-config-"));
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});

const command = EXPECTED_COMMANDS[0]!;
const call = [...command.words, ...asFlags(command.input), "--json"];
/** Another key of the right length, to tell which one a request carried. */
const FILE_KEY = "fileKEY0000000000000000000000zq8";

describe("paywise configuration", () => {
  it("takes the key from a file or the environment, the rest from flags or PAYWISE_*, and refuses --subscription-key", { timeout: 90_000 }, async () => {
    const keyFile = join(scratch, "key");
    writeFileSync(keyFile, `${FILE_KEY}\n`);
    chmodSync(keyFile, 0o600);
    const before = server.requests.length;
    const [fromEnvironment, fromFile, fromFlags, onCommandLine, inline, missingFile, emptyFile] = await inBatches([
      () => runPaywiseHere(call, { env: { PAYWISE_SUBSCRIPTION_KEY: SECRET_KEY, PAYWISE_ORIGIN_COUNTRY: ORIGIN_COUNTRY, PAYWISE_IP_ADDRESS: IP_ADDRESS, PAYWISE_BASE_URL: server.url } }),
      // The file wins over the environment.
      () => runPaywiseHere([...call, "--subscription-key-file", keyFile], { env: { PAYWISE_SUBSCRIPTION_KEY: SECRET_KEY, PAYWISE_ORIGIN_COUNTRY: ORIGIN_COUNTRY, PAYWISE_IP_ADDRESS: IP_ADDRESS, PAYWISE_BASE_URL: server.url } }),
      () => runPaywiseHere([...call, "--subscription-key-file", keyFile, "--base-url", server.url, "--origin-country", ORIGIN_COUNTRY, "--ip-address", IP_ADDRESS]),
      () => runPaywiseHere([...call, "--subscription-key", SECRET_KEY, "--base-url", server.url, "--origin-country", ORIGIN_COUNTRY, "--ip-address", IP_ADDRESS]),
      () => runPaywiseHere([...call, `--subscription-key=${SECRET_KEY}`], { env: { PAYWISE_ORIGIN_COUNTRY: ORIGIN_COUNTRY, PAYWISE_IP_ADDRESS: IP_ADDRESS, PAYWISE_BASE_URL: server.url } }),
      () => runPaywiseHere([...call, "--subscription-key-file", join(scratch, "missing")], { env: { PAYWISE_ORIGIN_COUNTRY: ORIGIN_COUNTRY, PAYWISE_IP_ADDRESS: IP_ADDRESS, PAYWISE_BASE_URL: server.url } }),
      async () => {
        writeFileSync(join(scratch, "empty"), "\n");
        return runPaywiseHere([...call, "--subscription-key-file", join(scratch, "empty")], { env: { PAYWISE_ORIGIN_COUNTRY: ORIGIN_COUNTRY, PAYWISE_IP_ADDRESS: IP_ADDRESS, PAYWISE_BASE_URL: server.url } });
      },
    ]);
    for (const run of [fromEnvironment, fromFile, fromFlags]) expect(run.code, shown(run)).toBe(0);
    const keys = server.requests.slice(before).map((request) => request.headers["pw-subscription-key"]);
    expect(keys.sort()).toEqual([SECRET_KEY, FILE_KEY, FILE_KEY].sort());
    for (const run of [fromFile, fromFlags]) expect(run.stdout + run.stderr).not.toContain(FILE_KEY);

    for (const run of [onCommandLine, inline]) {
      expect(run.code, shown(run)).toBe(2);
      expect(run.stderr).toContain("--subscription-key is refused");
      expect(run.stderr).toMatch(/shell's history/);
      expect(run.stderr).toMatch(/`ps`/);
      expect(run.stderr).toContain("PAYWISE_SUBSCRIPTION_KEY");
      expect(run.stderr).toContain("--subscription-key-file");
      expect(run.stdout + run.stderr).not.toContain(SECRET_KEY);
    }
    expect(missingFile.code, shown(missingFile)).toBe(2);
    expect(missingFile.stderr).toContain("cannot read the file (ENOENT)");
    expect(emptyFile.code, shown(emptyFile)).toBe(2);
    expect(emptyFile.stderr).toContain("the file is empty");
    // Nothing was sent by the refused runs.
    expect(server.requests.length - before).toBe(3);
  });

  it("names every configuration problem, with where on the command line it is set, and never the key", { timeout: 60_000 }, async () => {
    const shortKey = "tooSHORTkeyQ7x";
    const before = server.requests.length;
    const run = await runPaywiseHere([...command.words, ...asFlags(command.input)], { env: { PAYWISE_SUBSCRIPTION_KEY: shortKey, PAYWISE_ORIGIN_COUNTRY: "tt", PAYWISE_BASE_URL: "http://paywise.example" } });
    expect(run.code, shown(run)).toBe(3);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("InvalidRequestError: The PayWise client options are invalid: ");
    expect(run.stderr).toContain("subscriptionKey (PAYWISE_SUBSCRIPTION_KEY or --subscription-key-file): must be exactly 32 characters");
    expect(run.stderr).toContain("originCountry (--origin-country or PAYWISE_ORIGIN_COUNTRY): must be two capital letters");
    expect(run.stderr).toContain("ipAddress (--ip-address or PAYWISE_IP_ADDRESS): is required");
    expect(run.stderr).toContain("baseUrl (--base-url or PAYWISE_BASE_URL): must be https:");
    expect(run.stderr).not.toContain(shortKey);
    expect(server.requests.length).toBe(before);
  });
});
