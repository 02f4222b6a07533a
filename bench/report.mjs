// Printing: plain-text tables of the results, ratios to raw fetch, and the budgets with PASS or
// MISS. Budgets are recorded here and printed; nothing fails when one is missed.
import { median } from "./measure.mjs";

export const BUDGETS = {
  /** Client CPU per call of the SDK over raw fetch, worst operation and mode. */
  cpuRatio: 1.25,
  cpuRatioStretch: 1.1,
  /**
   * The whole SDK, dependencies included, minified and gzipped: a guard against growth, set by the
   * product owner above the 18-19 KB measured (peers: openai-node 35.8 KB, stripe 33.4 KB, a
   * Speakeasy SDK 48.5 KB). See docs/PERFORMANCE.md, "Bundle size".
   */
  gzipBytes: 20 * 1024,
  /** Import of the package over a bare Node process, in the build variant shipped. */
  coldImportMs: 25,
};

const pad = (text, width, right) => (right ? String(text).padStart(width) : String(text).padEnd(width));

/** A table with a header row; numeric-looking cells are right-aligned. */
export function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const numeric = header.map((_, i) => rows.every((row) => /^[\d.,\s×%+-]*(µs|ms|KB|MB|B|×)?[\d.,\s×()%+-]*$/.test(String(row[i]))));
  const line = (cells) => "| " + cells.map((cell, i) => pad(cell, widths[i], numeric[i] && i > 0)).join(" | ") + " |";
  return [line(header), "| " + widths.map((w, i) => (numeric[i] && i > 0 ? "-".repeat(w - 1) + ":" : "-".repeat(w))).join(" | ") + " |", ...rows.map(line)].join("\n");
}

const us = (value) => `${value.toFixed(0)} µs`;
const ratio = (value) => `${value.toFixed(2)}×`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value) => `${value.toFixed(1)} ms`;

/** Medians of the per-call samples, with each client's ratio to raw fetch. */
export function summariseCalls({ operations, clients: measured, samples }) {
  const rows = [];
  for (const [mode, byOp] of Object.entries(samples)) {
    for (const op of operations) {
      const clients = {};
      for (const client of measured) {
        const slot = byOp[op]?.[client];
        if (slot) clients[client] = { cpuUs: median(slot.cpuUs), wallUs: median(slot.wallUs), calls: slot.calls.reduce((a, b) => a + b, 0) };
      }
      const base = clients.fetch;
      for (const value of Object.values(clients)) {
        value.cpuRatio = value.cpuUs / base.cpuUs;
        value.wallRatio = value.wallUs / base.wallUs;
      }
      rows.push({ mode, op, clients });
    }
  }
  return rows;
}

export function callsTables(summary) {
  const clients = Object.keys(summary[0].clients);
  const header = ["operation", "mode", ...clients];
  const cell = (value, kind) => (value ? `${us(value[`${kind}Us`])} ${ratio(value[`${kind}Ratio`])}` : "");
  const cpu = table(header, summary.map((row) => [row.op, row.mode, ...clients.map((c) => cell(row.clients[c], "cpu"))]));
  const wall = table(header, summary.map((row) => [row.op, row.mode, ...clients.map((c) => cell(row.clients[c], "wall"))]));
  return `Client CPU per call (median of rounds; ratio to raw fetch)\n${cpu}\n\nWall time per call (median of rounds; ratio to raw fetch)\n${wall}`;
}

export function coldStartTable({ runs, probes }) {
  const bare = probes.find((p) => p.name === "bare node");
  const rows = probes.map((p) => [p.name, ms(p.wallMs), p === bare ? "" : `+${(p.wallMs - bare.wallMs).toFixed(1)} ms`, ms(p.readyMs), p === bare ? "" : `+${(p.readyMs - bare.readyMs).toFixed(1)} ms`]);
  return `Cold start (median of ${runs} fresh processes each, interleaved)\n${table(["process imports", "spawn→exit", "over bare", "module ready", "over bare"], rows)}`;
}

export function sizeTable({ rows, breakdown }) {
  const main = table(["esbuild bundle (minified)", "min", "min+gzip -9"], rows.map((r) => [r.name, kb(r.minBytes), kb(r.gzipBytes)]));
  const total = breakdown.reduce((sum, part) => sum + part.minBytes, 0);
  const parts = table(["whole entry, by source", "min", "share"], breakdown.filter((p) => p.minBytes > 0).map((p) => [p.part, kb(p.minBytes), `${((p.minBytes / total) * 100).toFixed(0)}%`]));
  return `Bundle size\n${main}\n\n${parts}`;
}

export function memoryTable(results) {
  const blocks = results.map(({ client, heapBeforeMB, rssBeforeMB, rows }) => {
    const body = table(
      ["batch", "calls", "heap after gc", "rss"],
      [["before", "0", `${heapBeforeMB.toFixed(2)} MB`, `${rssBeforeMB.toFixed(1)} MB`], ...rows.map((r) => [String(r.batch), String(r.calls), `${r.heapMB.toFixed(2)} MB`, `${r.rssMB.toFixed(1)} MB`])],
    );
    // Batch 1 also holds one-time costs (compiled code, the connection pool); growth is counted after it.
    const steady = rows.slice(1);
    const growth = steady.length > 1 ? steady[steady.length - 1].heapMB - steady[0].heapMB : 0;
    const perBatch = steady.length > 1 ? growth / (steady.length - 1) : 0;
    const sign = (value) => (value >= 0 ? "+" : "");
    return `${client}: heap after gc, batch 2 to ${rows.length}: ${sign(growth)}${(growth * 1024).toFixed(0)} KB (${sign(perBatch)}${(perBatch * 1024).toFixed(0)} KB per ${rows[0]?.calls ?? 0} calls)\n${body}`;
  });
  return `Memory (heap after gc per batch; --expose-gc child per client)\n${blocks.join("\n\n")}`;
}

/** The budget lines: each PASS or MISS with its figure. */
export function budgetLines({ calls, cold, size }) {
  const lines = [];
  const mark = (ok) => (ok ? "PASS" : "MISS");
  if (calls) {
    const sdk = calls.filter((row) => row.clients.sdk);
    const worst = sdk.reduce((a, b) => (b.clients.sdk.cpuRatio > a.clients.sdk.cpuRatio ? b : a));
    const gmean = Math.exp(sdk.reduce((sum, row) => sum + Math.log(row.clients.sdk.cpuRatio), 0) / sdk.length);
    const figure = `worst ${ratio(worst.clients.sdk.cpuRatio)} (${worst.op}, ${worst.mode}); geometric mean ${ratio(gmean)}`;
    lines.push(`${mark(worst.clients.sdk.cpuRatio <= BUDGETS.cpuRatio)}  client CPU per call ≤ ${ratio(BUDGETS.cpuRatio)} raw fetch: ${figure}`);
    lines.push(`${mark(worst.clients.sdk.cpuRatio <= BUDGETS.cpuRatioStretch)}  stretch: ≤ ${ratio(BUDGETS.cpuRatioStretch)} raw fetch`);
    // No budget: what turning the telemetry option on adds per call (bench/telemetry.mjs).
    const observed = sdk.filter((row) => row.clients["sdk-otel"]);
    if (observed.length) {
      const extra = observed.map((row) => row.clients["sdk-otel"].cpuUs - row.clients.sdk.cpuUs).sort((a, b) => a - b);
      const range = `${Math.round(extra[0])} to ${Math.round(extra.at(-1))} µs`;
      lines.push(`info  telemetry on (sdk-otel) over off (sdk), client CPU per call: ${range} by row, median ${Math.round(extra[Math.floor(extra.length / 2)])} µs`);
    }
  }
  if (size) {
    const whole = size.rows[0];
    lines.push(`${mark(whole.gzipBytes <= BUDGETS.gzipBytes)}  bundle ≤ ${kb(BUDGETS.gzipBytes)} min+gzip: ${kb(whole.gzipBytes)} (${whole.gzipBytes} B)`);
  }
  if (cold) {
    const bare = cold.probes.find((p) => p.name === "bare node");
    for (const probe of cold.probes.filter((p) => p.name.startsWith("sdk"))) {
      const over = probe.wallMs - bare.wallMs;
      const which = probe.shipped ? `${probe.name}, the budget's figure` : `${probe.name}, for the bundling decision`;
      lines.push(`${mark(over <= BUDGETS.coldImportMs)}  cold import ≤ ${BUDGETS.coldImportMs} ms over bare node (${which}): +${over.toFixed(1)} ms`);
    }
  }
  return `Budgets (informational; the exit code does not depend on them)\n${lines.join("\n")}`;
}
