// Where one client's time goes: runs the per-call loop of one client in a child under
// `node --cpu-prof` and prints the functions with the most self time and inclusive time, and
// self time grouped by where the code comes from (our code, openapi-fetch, zod, undici, GC…).
//   node bench/profile.mjs [--client=sdk] [--op=getAccountStatus] [--calls=3000] [--top=25] [--sdk=.tmp/x/src/index.ts]
// Writes the .cpuprofile under .tmp/bench/profiles/ (open it in Chrome DevTools for a flame chart).
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { runChild } from "./child.mjs";
import { table } from "./report.mjs";
import { loadContract } from "./scenarios.mjs";
import { startServer } from "./server.mjs";
import { prepareTargets, SCRATCH } from "./target.mjs";

const TIME_LIMIT_MS = 5 * 60_000;
const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, "").split("=")));
const TOP = Number(args.top ?? 25);
const client = args.client ?? "sdk";
const calls = Number(args.calls ?? 3000);
const ops = loadContract().operations.map((op) => op.id);
if (args.op && !ops.includes(args.op)) throw new Error(`--op must be one of ${ops.join(", ")}`);

/** Where a frame's code comes from. */
function origin(frame, sdkFile) {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith("(") ? functionName : "native / builtins";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.includes(sdkFile) || url.includes("/dist/") || url.includes("/src/")) return "sdk";
  if (url.includes("internal/deps/undici")) return "undici (node's fetch)";
  if (url.startsWith("node:")) return "node core";
  if (url.includes("/bench/")) return "bench harness";
  return "other";
}

const label = (frame) => `${frame.functionName || "(anonymous)"} ${frame.url ? `${frame.url.split("/").slice(-2).join("/")}:${frame.lineNumber + 1}` : ""}`.trim();

function summarise(profile, sdkFile, callCount, fromUs) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map();
  const inclusive = new Map();
  const byOrigin = new Map();
  const originOf = new Map();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i];
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(id);
    // Only the timed loop: not start-up, the check calls or the warm-up.
    if (at < fromUs || node.callFrame.functionName === "(idle)") return;
    total += dt;
    const key = label(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + dt);
    const from = origin(node.callFrame, sdkFile);
    byOrigin.set(from, (byOrigin.get(from) ?? 0) + dt);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at).callFrame;
      const name = label(frame);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
      originOf.set(name, origin(frame, sdkFile));
    }
  });
  const perCall = (us) => `${(us / callCount).toFixed(1)} µs`;
  const share = (us) => `${((us / total) * 100).toFixed(1)}%`;
  const top = (map, filter = () => true) =>
    [...map].filter(([name]) => filter(name)).sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([name, us]) => [name, perCall(us), share(us)]);
  const notHarness = (name) => !["(root)", "(program)", "bench harness"].includes(originOf.get(name));
  return [
    `busy time sampled: ${(total / 1000).toFixed(0)} ms over ${callCount} calls (${perCall(total)} per call)`,
    `\nSelf time by origin\n${table(["origin", "per call", "share"], top(byOrigin))}`,
    `\nSelf time, top ${TOP} functions\n${table(["function", "per call", "share"], top(self))}`,
    `\nInclusive time, top ${TOP} functions (async continuations count where they resume)\n${table(["function", "per call", "share"], top(inclusive, notHarness))}`,
  ].join("\n");
}

const targets = await prepareTargets({ sourceEntry: args.sdk ? resolve(args.sdk) : undefined });
const dir = join(SCRATCH, "profiles", `${client}-${args.op ?? "all"}`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const server = await startServer();
let measured;
try {
  const perOp = args.op ? 1 : ops.length;
  measured = await runChild(
    "calls.mjs",
    {
      baseUrl: server.url,
      // src/ with its dependencies as imports, so zod's and openapi-fetch's time shows as theirs.
      sdkPath: targets.variants.external,
      clients: [client],
      only: args.op ? [args.op] : undefined,
      modes: [{ name: "sequential", concurrency: 1, count: Math.ceil(calls / perOp) }],
      warmupCalls: 200,
      rounds: 1,
      batchTimeLimitMs: 120_000,
    },
    { execArgv: ["--expose-gc", "--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=100"], timeLimitMs: TIME_LIMIT_MS },
  );
} finally {
  await server.close();
}
const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
const profile = JSON.parse(readFileSync(join(dir, file), "utf8"));
const callCount = Object.values(measured.samples.sequential).reduce((sum, byClient) => sum + byClient[client].calls[0], 0);
console.log(`profile of ${client}${args.op ? ` ${args.op}` : " (all operations)"}, sdk: ${args.sdk ?? "src/index.ts"} bundled by esbuild, dependencies external`);
console.log(summarise(profile, targets.variants.external, callCount, measured.measuredFromUs));
console.log(`\nprofile file: ${join(dir, file).replace(process.cwd() + "/", "")}`);
