// `paywise doctor` (issue 23, item 5) against loopback servers only: a local TLS server with a
// certificate made here, trusted through NODE_EXTRA_CA_CERTS. It names every configuration problem
// without the key, checks that the base URL resolves and answers over TLS with one request that
// carries no key, no PW-* header and no body, and checks the clock against the answer's Date.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOCK_TOLERANCE_MS } from "../../src/cli/doctor";
import { IP_ADDRESS, ORIGIN_COUNTRY, SECRET_KEY } from "../helpers/fixtures";
import { runPaywiseHere } from "./helpers/cli-in-process";
import { inBatches, removeBuiltCli, runPaywise, shown } from "./helpers/cli-process";
import { makeCertificate, startTlsServer, type TlsServer } from "./helpers/tls-server";

let scratch: string;
let certificate: Awaited<ReturnType<typeof makeCertificate>>;
const servers: TlsServer[] = [];
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "paywise-doctor-"));
  certificate = await makeCertificate(scratch);
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  rmSync(scratch, { recursive: true, force: true });
  await removeBuiltCli();
});

async function server(date?: () => string): Promise<TlsServer> {
  const started = await startTlsServer(certificate, { date });
  servers.push(started);
  return started;
}

const config = (baseUrl: string) => ({ PAYWISE_SUBSCRIPTION_KEY: SECRET_KEY, PAYWISE_ORIGIN_COUNTRY: ORIGIN_COUNTRY, PAYWISE_IP_ADDRESS: IP_ADDRESS, PAYWISE_BASE_URL: baseUrl });
const line = (stdout: string, check: string) => stdout.split("\n").filter((text) => new RegExp(`^\\[\\w+\\] +${check}: `).test(text));

describe("paywise doctor", () => {
  it("checks the configuration of the environment it is given, not the process's own", async () => {
    // In this process, not a child: the test's own process.env holds no PAYWISE_* variable.
    const baseUrl = "https://localhost:1/given-environment";
    const run = await runPaywiseHere(["doctor"], { env: config(baseUrl) });
    expect(line(run.stdout, "configuration")).toEqual([expect.stringMatching(new RegExp(`^\\[ok\\] +configuration: base URL ${baseUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")},`))]);
    expect(run.stdout + run.stderr).not.toContain(SECRET_KEY);
  });

  it("passes a good setup with one HEAD request that carries no key, no PW-* header and no body", { timeout: 60_000 }, async () => {
    const good = await server();
    // localhost, so the name is resolved (by this machine's hosts file, nothing leaves it).
    const baseUrl = `https://localhost:${good.port}/wrappers`;
    const [run, help] = await inBatches([() => runPaywise(["doctor"], { env: { ...config(baseUrl), NODE_EXTRA_CA_CERTS: good.caFile } }), () => runPaywise(["doctor", "--help"])]);
    // What it sends is documented in its help, and is what the server received (below).
    expect(help.code, shown(help)).toBe(0);
    expect(help.stdout).toContain("It sends one request, HEAD <base URL>/, with a User-Agent header and nothing else: no subscription key, no PW-* header, no query, no body.");
    expect(run.code, shown(run)).toBe(0);
    expect(line(run.stdout, "configuration")[0]).toMatch(/^\[ok\] +configuration: base URL https:\/\/localhost:\d+\/wrappers, origin country TT, IP address 203\.0\.113\.7, subscription key from PAYWISE_SUBSCRIPTION_KEY \(never shown\)$/);
    expect(line(run.stdout, "resolves")[0]).toMatch(/^\[ok\] +resolves: localhost resolves to /);
    expect(line(run.stdout, "answers").join("\n")).toMatch(/answered HTTP 404 in \d+ ms[\s\S]*over TLSv1\.[23], certificate localhost/);
    expect(line(run.stdout, "clock")[0]).toMatch(/^\[ok\] +clock: within \d+\.\d s of the server's Date header/);
    expect(run.stdout).toContain("doctor: every check passed");
    expect(run.stdout + run.stderr).not.toContain(SECRET_KEY);

    expect(good.requests).toHaveLength(1);
    const [request] = good.requests;
    expect(request!.method).toBe("HEAD");
    expect(request!.url).toBe("/wrappers/");
    expect(request!.body).toBe("");
    expect(Object.keys(request!.headers).sort()).toEqual(["connection", "host", "user-agent"]);
    expect(JSON.stringify(request!.headers)).not.toContain(SECRET_KEY);
  });

  it("fails a clock off by more than the tolerance, an untrusted certificate, and names every configuration problem", { timeout: 90_000 }, async () => {
    const skewMs = CLOCK_TOLERANCE_MS + 5 * 60_000;
    const late = await server(() => new Date(Date.now() - skewMs).toUTCString());
    const untrusted = await server();
    const checked = await server();
    const shortKey = "shortKEYq7z";
    const keyFile = join(scratch, "key");
    writeFileSync(keyFile, SECRET_KEY);
    chmodSync(keyFile, 0o644);
    const [clock, tls, configuration, json] = await inBatches([
      () => runPaywise(["doctor"], { env: { ...config(late.url), NODE_EXTRA_CA_CERTS: late.caFile } }),
      () => runPaywise(["doctor"], { env: config(untrusted.url) }),
      () => runPaywise(["doctor"], { env: { PAYWISE_SUBSCRIPTION_KEY: shortKey, PAYWISE_BASE_URL: checked.url, NODE_EXTRA_CA_CERTS: checked.caFile } }),
      () => runPaywise(["doctor", "--json", "--subscription-key-file", keyFile], { env: { ...config(checked.url), PAYWISE_SUBSCRIPTION_KEY: "", NODE_EXTRA_CA_CERTS: checked.caFile } }),
    ]);

    expect(clock.code, shown(clock)).toBe(4);
    expect(line(clock.stdout, "clock")[0]).toMatch(/^\[fail\] clock: this machine's clock is \d+\.\d s ahead of the server's Date header; PW-request-date would be "\d{4}-\d\d-\d\d \d\d:\d\d:\d\d" \(UTC\), which must be the current UTC time/);
    expect(line(clock.stdout, "answers")[0]).toMatch(/^\[ok\]/);

    expect(tls.code, shown(tls)).toBe(4);
    expect(line(tls.stdout, "answers")[0]).toMatch(/^\[fail\] answers: HEAD https:\/\/127\.0\.0\.1:\d+ failed: (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)/);
    expect(line(tls.stdout, "clock")[0]).toMatch(/^\[skip\]/);

    expect(configuration.code, shown(configuration)).toBe(4);
    const problems = line(configuration.stdout, "configuration");
    expect(problems.every((text) => text.startsWith("[fail]"))).toBe(true);
    expect(problems.join("\n")).toContain("subscriptionKey (PAYWISE_SUBSCRIPTION_KEY or --subscription-key-file): must be exactly 32 characters");
    expect(problems.join("\n")).toContain("originCountry (--origin-country or PAYWISE_ORIGIN_COUNTRY): is required");
    expect(problems.join("\n")).toContain("ipAddress (--ip-address or PAYWISE_IP_ADDRESS): is required");
    expect(configuration.stdout + configuration.stderr).not.toContain(shortKey);
    // The base URL is fine, so the network checks still run.
    expect(line(configuration.stdout, "answers")[0]).toMatch(/^\[ok\]/);

    // --json: one line; a key file others can read is a warning, not a failure.
    expect(json.code, shown(json)).toBe(0);
    expect(json.stdout.trimEnd().split("\n")).toHaveLength(1);
    const report = JSON.parse(json.stdout) as { ok: boolean; checks: { check: string; status: string; details: string[] }[] };
    expect(report.ok).toBe(true);
    expect(report.checks.map((check) => check.check)).toEqual(["configuration", "resolves", "answers", "clock"]);
    expect(report.checks[0]).toEqual({ check: "configuration", status: "warn", details: [expect.stringContaining("subscription key from --subscription-key-file (never shown)"), "--subscription-key-file can be read by other users (mode 644): chmod 600 it"] });
    expect(json.stdout).not.toContain(SECRET_KEY);
    // One request per run that got that far, never more.
    expect(late.requests).toHaveLength(1);
    expect(checked.requests).toHaveLength(2);
  });
});
