// A/B: measures experimental copies of src/ beside the package and the baselines, in the same
// interleaved rounds, so a change's gain is not lost in the machine's noise.
//   node bench/compare.mjs --variant=base=.tmp/exp/base/src/index.ts --variant=fix=.tmp/exp/fix/src/index.ts
//   [--rounds=7] [--op=getAccountStatus] [--concurrency=50] [--short]
import { resolve } from "node:path";
import { runChild } from "./child.mjs";
import { callsTables, summariseCalls } from "./report.mjs";
import { CLIENTS } from "./scenarios.mjs";
import { startServer } from "./server.mjs";
import { bundleVariant, prepareTargets } from "./target.mjs";

const variants = {};
const options = { rounds: 7, sequential: 300, concurrent: 1000, concurrency: 50, warmupCalls: 300 };
let only;
for (const arg of process.argv.slice(2)) {
  const [key, ...rest] = arg.replace(/^--/, "").split("=");
  const value = rest.join("=");
  if (key === "variant") {
    const [name, path] = value.split(/=(.*)/s);
    variants[name] = resolve(path);
  } else if (key === "op") only = value.split(",");
  else if (key === "short") Object.assign(options, { rounds: 2, sequential: 10, concurrent: 100, warmupCalls: 10 });
  else if (key in options) options[key] = Number(value);
  else throw new Error(`unknown argument ${arg}; see the top of bench/compare.mjs`);
}

const targets = await prepareTargets();
const bundled = {};
for (const [name, entry] of Object.entries(variants)) bundled[name] = await bundleVariant(entry, name);
console.log(`sdk: ${targets.description}; variants: ${Object.entries(variants).map(([name, path]) => `${name} (${path.replace(process.cwd() + "/", "")})`).join(", ") || "none"}`);

const server = await startServer();
try {
  const raw = await runChild(
    "calls.mjs",
    {
      baseUrl: server.url,
      sdkPath: targets.measured,
      variants: bundled,
      clients: [...CLIENTS, ...Object.keys(bundled)],
      only,
      modes: [
        { name: "sequential", concurrency: 1, count: options.sequential },
        { name: `concurrency ${options.concurrency}`, concurrency: options.concurrency, count: options.concurrent },
      ],
      warmupCalls: options.warmupCalls,
      rounds: options.rounds,
      batchTimeLimitMs: 20_000,
    },
    { execArgv: ["--expose-gc"], timeLimitMs: 30 * 60_000 },
  );
  console.log(callsTables(summariseCalls(raw)));
} finally {
  await server.close();
}
