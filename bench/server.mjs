// The loopback server the per-call benchmark talks to. It runs in its own process (fork it with
// startServer), so its CPU never lands in the client's process.cpuUsage. It answers each operation
// with the contract's own success example (its first 2xx), and answers 400 when a request lacks a header or query
// parameter the contract requires: a client that sends less than the SDK does fails loudly
// instead of looking cheap.
import { fork } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { JSON_MEDIA } from "../scripts/lib/openapi.mjs";
import { loadContract } from "./scenarios.mjs";

const HOST = "127.0.0.1";
/** Longer than any pause between rounds, so connections are reused rather than re-opened. */
const KEEP_ALIVE_MS = 120_000;
/** How long the parent waits for the child to listen. */
const STARTUP_TIMEOUT_MS = 10_000;

function routes() {
  const table = new Map();
  for (const op of loadContract().operations) {
    table.set(`${op.method} ${op.route}`, {
      okStatus: op.status,
      ok: Buffer.from(JSON.stringify(op.response)),
      requiredHeaders: op.requiredHeaders.map((name) => name.toLowerCase()),
      requiredQuery: op.requiredQuery,
    });
  }
  return table;
}

function serve() {
  const table = routes();
  const stats = { served: 0, rejected: 0, lastRejection: undefined };
  const server = createServer((req, res) => {
    const [path, search = ""] = req.url.split("?", 2);
    const route = table.get(`${req.method} ${path}`);
    // Drain the body before answering so the connection stays reusable.
    req.resume();
    req.on("end", () => {
      let status = route?.okStatus ?? 200;
      let body = route?.ok;
      if (!route) {
        status = 404;
        body = Buffer.from(JSON.stringify({ status: "error", code: 404, message: `no route ${req.method} ${path}` }));
      } else {
        const query = new URLSearchParams(search);
        const missing = [
          ...route.requiredHeaders.filter((name) => !req.headers[name]),
          ...route.requiredQuery.filter((name) => !query.has(name)),
        ];
        if (missing.length) {
          status = 400;
          body = Buffer.from(JSON.stringify({ status: "error", code: 400, message: `missing ${missing.join(", ")}`, missing }));
        }
      }
      if (status === route?.okStatus) stats.served++;
      else {
        stats.rejected++;
        stats.lastRejection = body.toString();
      }
      res.writeHead(status, { "content-type": `${JSON_MEDIA}; charset=utf-8`, "content-length": body.length });
      res.end(body);
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  server.listen(0, HOST, () => process.send({ type: "listening", port: server.address().port }));
  process.on("message", (message) => {
    if (message === "stats") process.send({ type: "stats", ...stats });
    if (message === "reset") Object.assign(stats, { served: 0, rejected: 0, lastRejection: undefined });
  });
  // The parent going away (even killed) closes the IPC channel: leave with it.
  process.on("disconnect", () => process.exit(0));
}

/** Forks the server; resolves with its base URL, a stats reader and a close function. */
export function startServer() {
  const child = fork(fileURLToPath(import.meta.url), ["--serve"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const request = (message, type) =>
    new Promise((resolve) => {
      const onMessage = (reply) => {
        if (reply.type === type) {
          child.off("message", onMessage);
          resolve(reply);
        }
      };
      child.on("message", onMessage);
      child.send(message);
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the bench server did not listen within ${STARTUP_TIMEOUT_MS} ms`));
    }, STARTUP_TIMEOUT_MS);
    child.once("error", reject);
    child.once("message", ({ type, port }) => {
      if (type !== "listening") return;
      clearTimeout(timer);
      resolve({
        url: `http://${HOST}:${port}`,
        pid: child.pid,
        stats: () => request("stats", "stats"),
        reset: () => child.send("reset"),
        close: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill();
          }),
      });
    });
  });
}

if (process.argv[2] === "--serve") serve();
