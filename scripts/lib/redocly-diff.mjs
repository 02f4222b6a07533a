// Runs the pinned `redocly diff` (and `redocly bundle --dereferenced`) on documents in memory.
// Spawned on this Node with telemetry and update checks off, so it runs offline and says nothing
// about the machine it runs on.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const CLI = join(dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");
const ENV = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };

function redocly(args, cwd) {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, env: ENV, encoding: "utf8" });
  if (run.status !== 0) {
    // Its Node-version banner is noise; the reason is in the last lines.
    const reason = `${run.stderr ?? ""}\n${run.stdout ?? ""}`.trim().split("\n").filter((line) => line.trim() && !/[║╔╚]/.test(line)).slice(-5).join("\n");
    throw new Error(`redocly ${args[0]} failed (exit ${run.status ?? run.signal}):\n${reason}`);
  }
}

/**
 * Every $ref inlined, so that a change to a shared schema is seen (and judged) in each operation
 * that uses it, as a request or as a response: `redocly diff` reports a shared component once,
 * under the first operation it meets it in.
 */
function dereference(doc, dir, name) {
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(doc));
  redocly(["bundle", `${name}.json`, "--dereferenced", "-o", `${name}.deref.json`], dir);
  const out = JSON.parse(readFileSync(join(dir, `${name}.deref.json`), "utf8"));
  delete out.components;
  return out;
}

/**
 * `redocly diff --format json` of two documents: `{ base, head, report }` where base and head are
 * the dereferenced documents that the report's pointers point into.
 */
export function redoclyDiff(baseDoc, headDoc) {
  const dir = mkdtempSync(join(tmpdir(), "pw-spec-diff-"));
  try {
    const base = dereference(baseDoc, dir, "base");
    const head = dereference(headDoc, dir, "head");
    writeFileSync(join(dir, "base.json"), JSON.stringify(base));
    writeFileSync(join(dir, "head.json"), JSON.stringify(head));
    // --fail-on none: the exit code then says only whether the diff ran; we classify ourselves.
    redocly(["diff", "base.json", "head.json", "--format", "json", "-o", "report.json", "--fail-on", "none"], dir);
    return { base, head, report: JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
