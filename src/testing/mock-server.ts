import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { isIPv6 } from "node:net";
import { dirname, join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { CONTRACT_VERSION } from "../../generated/current";
import { writeDynamicContract, writeStaticContract } from "./dynamic-contract";

const PRISM_PACKAGE = "@stoplight/prism-cli";
/** Later Prism releases require a newer Node than this package supports. */
const PRISM_VERSION = "5.14.2";
const INSTALL_COMMAND = `npm install --save-dev ${PRISM_PACKAGE}@${PRISM_VERSION}`;

const DEFAULT_HOST = "127.0.0.1";
/**
 * Prism answers within a second on a quiet machine; a busy CI runner needs far more headroom: on a
 * 2-core machine at load average 12, starts took over 15 s. A Prism that fails exits and is
 * reported at once, so only a hung start waits this long.
 */
const STARTUP_TIMEOUT_MS = 60_000;
/** Time between SIGTERM and SIGKILL in `close()`. */
const KILL_GRACE_MS = 2_000;
/** How much of Prism's stderr a startup error quotes. */
const STDERR_QUOTED_LINES = 20;
/** How much of Prism's stderr is kept for that: the quoted lines plus the usage text before them. */
const STDERR_KEPT_LINES = 200;
/**
 * Prism prints this once it is listening, with the port the OS actually gave it. Waiting for it
 * (rather than polling the port) also rules out mistaking some other server on that port for Prism.
 */
const READY_LINE = /Prism is listening on \S*:(\d+)\s*$/;

/**
 * Preloaded into Prism so that it exits once its stdin reaches end of file, which happens however
 * this process ends. The 'exit' hook below misses signals and hard kills, which is how a test
 * runner stops a worker whose test timed out.
 */
const EXIT_WITH_PARENT = `data:text/javascript,${encodeURIComponent(
  "process.stdin.on('end', () => process.exit()).resume();",
)}`;

/** Options of {@link startMockServer}. */
export interface MockServerOptions {
  /** Port to listen on; 0 lets the OS pick a free one. @default 0 */
  port?: number;
  /** The OpenAPI document to mock. @default specPath(), the contract bundled with this package */
  specPath?: string;
  /**
   * Generate random bodies from the schemas instead of serving the spec's examples (Prism
   * `--dynamic`). With the bundled contract, each answer's envelope `status` and `code` follow its
   * HTTP status (a random 200 never says `"status": "error"`), so every call resolves or is a typed
   * error for a documented status; a `specPath` of your own is served as it is. @default false
   */
  dynamic?: boolean;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
}

/** A running Prism mock of the PayWise contract. */
export interface MockServer {
  /** Base URL without a trailing slash, such as `http://127.0.0.1:43125`. */
  url: string;
  /** Stops Prism and resolves once it has exited. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Absolute path of the OpenAPI contract this package was built from. It is looked up from this
 * module's own location because that depth differs between the repository (src/testing/) and a
 * built file in an installed package (dist/).
 */
export function specPath(): string {
  const relative = join("openapi", `pw-wrappers.${CONTRACT_VERSION}.yaml`);
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) {
      throw new Error(
        `Cannot find ${relative} in ${start} or any folder above it. It ships with @paywise/sdk; reinstall the package.`,
      );
    }
  }
}

/**
 * Starts Prism mocking the PayWise contract, and resolves once it accepts requests. Needs the
 * optional peer dependency `@stoplight/prism-cli`. Call `close()` when done; a server left running
 * never keeps this process alive, and is stopped when this process exits.
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { port, spec: givenSpec, dynamic, host } = normaliseOptions(options);
  const cli = resolvePrismCli();
  // The bundled contract's random answers would read as errors half the time (src/testing/dynamic-contract.ts).
  // Without examples for some answer, it gets generated ones, which fit its patterns (src/testing/dynamic-contract.ts).
  const written = options.specPath === undefined ? await (dynamic ? writeDynamicContract() : writeStaticContract()) : undefined;
  const spec = written?.path ?? givenSpec;
  const prismArgs = ["mock", spec, "--host", host, "--port", String(port)];
  if (dynamic) prismArgs.push("--dynamic");

  // process.execPath rather than `npx prism`: Prism then runs on the caller's Node, and no shell
  // or package-manager process sits between this one and the child that close() has to kill.
  const child = spawn(process.execPath, ["--import", EXIT_WITH_PARENT, cli, ...prismArgs], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  letGo(child);
  const exited = trackChild(child);
  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on("line", (line) => {
    stderr.push(stripVTControlCharacters(line));
    if (stderr.length > STDERR_KEPT_LINES) stderr.shift();
  });
  // stdout has to be read to the end either way: Prism logs every request there, and a full pipe
  // would block it.
  const stdoutLines = createInterface({ input: child.stdout });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= terminate(child, exited).finally(() => written?.remove()));

  let actualPort: number;
  try {
    actualPort = await waitUntilListening(child, stdoutLines, (what) => {
      const reason = stderrReason(stderr);
      return new Error(
        `${what}; it was started as \`prism ${prismArgs.join(" ")}\`. ` +
          (reason ? `Its stderr ends with:\n${reason}` : "It wrote nothing to stderr."),
      );
    });
  } catch (error) {
    await close();
    throw error;
  }
  const urlHost = isIPv6(host) ? `[${host}]` : host;
  return { url: `http://${urlHost}:${actualPort}`, close };
}

/** The end of Prism's stderr, without the usage text that yargs prints before a failed command's reason. */
function stderrReason(lines: readonly string[]): string {
  const options = lines.lastIndexOf("Options:");
  const usageEnd = options === -1 ? -1 : lines.indexOf("", options);
  return lines
    .slice(usageEnd + 1)
    .filter((line) => line.trim() !== "")
    .slice(-STDERR_QUOTED_LINES)
    .join("\n");
}

function normaliseOptions(options: MockServerOptions): { port: number; spec: string; dynamic: boolean; host: string } {
  const known = new Set(["port", "specPath", "dynamic", "host"]);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new TypeError(`startMockServer: unknown option "${key}"; expected ${[...known].join(", ")}.`);
  }
  const { port = 0, specPath: spec = specPath(), dynamic = false, host = DEFAULT_HOST } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(`startMockServer: option "port" must be an integer from 0 to 65535, got ${String(port)}.`);
  }
  if (typeof spec !== "string" || spec === "") {
    throw new TypeError(`startMockServer: option "specPath" must be a non-empty path, got ${String(spec)}.`);
  }
  if (typeof dynamic !== "boolean") {
    throw new TypeError(`startMockServer: option "dynamic" must be a boolean, got ${String(dynamic)}.`);
  }
  if (typeof host !== "string" || host === "") {
    throw new TypeError(`startMockServer: option "host" must be a non-empty host name or IP, got ${String(host)}.`);
  }
  return { port, spec, dynamic, host };
}

function resolvePrismCli(): string {
  // Resolved from this module, not the working directory, so an installed copy of this package
  // finds the Prism its user installed next to it. Not named `require`: the CommonJS build turns
  // import.meta.url into require("url")…, which a local `require` would shadow (issue 5).
  const requireHere = createRequire(import.meta.url);
  let manifestPath: string;
  try {
    manifestPath = requireHere.resolve(`${PRISM_PACKAGE}/package.json`);
  } catch (cause) {
    throw new Error(
      `startMockServer() needs ${PRISM_PACKAGE}, an optional peer dependency of @paywise/sdk, and it is not installed. ` +
        `Install it with: ${INSTALL_COMMAND}`,
      { cause },
    );
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.["prism"];
  if (!bin) {
    throw new Error(`${manifestPath} declares no "prism" executable. Reinstall it with: ${INSTALL_COMMAND}`);
  }
  return join(dirname(manifestPath), bin);
}

const liveChildren = new Set<ChildProcess>();

/** A Node process cannot wait for anything in its 'exit' handlers, so SIGKILL there, synchronously. */
function killLiveChildren(): void {
  for (const child of liveChildren) child.kill("SIGKILL");
}

/** Registers the child for the parent-exit kill and resolves once it has gone (or never started). */
function trackChild(child: ChildProcess): Promise<void> {
  if (liveChildren.size === 0) process.on("exit", killLiveChildren);
  liveChildren.add(child);
  return new Promise((resolve) => {
    const forget = (): void => {
      liveChildren.delete(child);
      if (liveChildren.size === 0) process.off("exit", killLiveChildren);
      resolve();
    };
    child.once("exit", forget);
    // A failed spawn emits 'error' and never 'exit'. Later errors (a failed kill) need a listener
    // too, or they would crash the caller; the startup wait reports the first one.
    child.on("error", () => {
      if (child.pid === undefined) forget();
    });
  });
}

function waitUntilListening(
  child: ChildProcess,
  stdoutLines: Interface,
  startupError: (what: string) => Error,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const settle = (outcome: () => void): void => {
      clearTimeout(timer);
      stdoutLines.off("line", onLine);
      child.off("close", onClose);
      child.off("error", onError);
      outcome();
    };
    const onLine = (line: string): void => {
      const match = READY_LINE.exec(stripVTControlCharacters(line));
      if (match?.[1]) settle(() => resolve(Number(match[1])));
    };
    // 'close' rather than 'exit': it comes after stderr is fully read, so the message quotes all of it.
    const onClose = (code: number | null, signal: NodeJS.Signals | null): void =>
      settle(() => reject(startupError(`Prism exited (${signal ?? `code ${code}`}) before it was listening`)));
    const onError = (error: Error): void =>
      settle(() => reject(startupError(`Prism could not be started: ${error.message}`)));
    const timer = setTimeout(
      () => settle(() => reject(startupError(`Prism was not listening after ${STARTUP_TIMEOUT_MS} ms`))),
      STARTUP_TIMEOUT_MS,
    );
    stdoutLines.on("line", onLine);
    child.once("close", onClose);
    child.once("error", onError);
  });
}

/**
 * Lets this process exit while Prism runs: the child and its pipes no longer hold the event loop,
 * so a script that forgets close() still ends (issue 15). Prism is stopped then all the same: the
 * 'exit' hook kills it, and its stdin reaching end of file ends it (EXIT_WITH_PARENT). While
 * startMockServer waits, its startup timer holds the loop; close() holds it again until Prism is gone.
 */
function letGo(child: ChildProcess): void {
  child.unref();
  for (const pipe of [child.stdin, child.stdout, child.stderr]) (pipe as { unref?(): void } | null)?.unref?.();
}

async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  // Held again, so that an awaited close() resolves once Prism has exited rather than the process
  // ending first.
  child.ref();
  // kill() is a no-op once the child has exited, so no state check is needed before either signal.
  child.kill("SIGTERM");
  const escalation = setTimeout(() => child.kill("SIGKILL"), KILL_GRACE_MS);
  try {
    await exited;
  } finally {
    clearTimeout(escalation);
  }
}
