// The consumer smoke test (ESM import, one call against a loopback server, one typed error) on
// every server runtime the SDK supports (issue 5): Node 20 (this process's), 22 and 24 fetched with
// `npx -p node@N`, Bun from its pinned devDependency and Deno with `npx -p deno@DENO_VERSION`. The
// server is Prism on the bundled contract, started on this Node from this repository's build: the
// server is not what is under test. Every runtime runs even if one fails; a runtime that cannot be
// had is a failure, never a silent skip. Run by scripts/test-consumer.mjs in the project where it
// installed the packed tarball, so the package is packed and installed once.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isolatedEnv, REPO_ROOT, repoPackage, run } from "./package-fixture.mjs";

/** A smoke run is a couple of requests; this only stops a runtime that hangs. */
const SMOKE_TIMEOUT_MS = 2 * 60_000;
/**
 * Not a devDependency: the registry this project installs from serves only some of the `deno`
 * package's per-platform optional packages, so npm leaves the others out of package-lock.json and
 * `npm ci` then refuses the lockfile as out of sync. npx installs it without a lockfile.
 */
const DENO_VERSION = "2.9.6";

const localBin = (name) => join(REPO_ROOT, "node_modules", ".bin", name);

/** How each runtime runs a script; `port` is the loopback server's, for Deno's network permission. */
const RUNTIMES = [
  { name: "Node 20", command: () => [process.execPath] },
  { name: "Node 22", command: () => ["npx", "--yes", "--package", "node@22", "--", "node"] },
  { name: "Node 24", command: () => ["npx", "--yes", "--package", "node@24", "--", "node"] },
  { name: "Bun", devDependency: "bun", command: () => [localBin("bun"), "run"] },
  {
    name: "Deno",
    // The least a user's server needs: the network to the API (here loopback) and the SDK's own
    // PAYWISE_* variables. (With no env access at all, the constructor throws Deno's NotCapable
    // unless logLevel is passed too: src/options.ts reads PAYWISE_LOG whenever it is missing.)
    command: (port) => [
      ...["npx", "--yes", "--package", `deno@${DENO_VERSION}`, "--", "deno"],
      ...["run", "--no-prompt", `--allow-net=127.0.0.1:${port}`, "--allow-env=PAYWISE_*"],
    ],
  },
];

function checkInstalled(runtime) {
  if (!runtime.devDependency) return;
  if (!repoPackage.devDependencies?.[runtime.devDependency]) {
    throw new Error(`${runtime.devDependency} is not a devDependency in package.json, so ${runtime.name} cannot be tested`);
  }
  if (!existsSync(localBin(runtime.devDependency))) {
    throw new Error(`node_modules/.bin/${runtime.devDependency} is missing: run \`npm ci\` (its postinstall fetches the binary from its platform package)`);
  }
}

/**
 * Runs the fixtures' smoke.mjs, in `project` (the tarball installed, the fixtures copied in), on
 * every runtime, each as a step; `expected` is createSession's documented request and answer.
 */
export async function smokeEveryRuntime(step, project, expected) {
  const { startMockServer } = await import(pathToFileURL(join(REPO_ROOT, "dist", "testing.js")).href);
  const server = await step("start Prism on the bundled contract, from this repository", () => startMockServer());
  const port = new URL(server.url).port;
  const failures = [];
  try {
    for (const runtime of RUNTIMES) {
      try {
        await step(`${runtime.name}: import, one call, one typed error`, async () => {
          checkInstalled(runtime);
          const [command, ...args] = runtime.command(port);
          const { stdout } = await run(command, [...args, "smoke.mjs", server.url, JSON.stringify(expected)], {
            cwd: project,
            env: isolatedEnv({ DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" }),
            timeoutMs: SMOKE_TIMEOUT_MS,
          });
          const passed = stdout.match(/^smoke passed on (.+)$/m);
          if (!passed) throw new Error(`the smoke script exited 0 without saying it passed:\n${stdout}`);
          console.log(`  ${passed[1]}`);
        });
      } catch {
        failures.push(runtime.name);
      }
    }
  } finally {
    await server.close();
  }
  if (failures.length > 0) throw new Error(`failed on ${failures.join(", ")}`);
}
