// `paywise doctor` (issue 23, item 5): is this machine set up to call PayWise? It checks, in order:
//   configuration  the client options as the client itself checks them (every problem named; the
//                  key is never shown, only where it came from), and a key file others can read;
//   resolves       that the base URL's host name resolves (nothing is sent);
//   answers        that the base URL answers over TLS, with ONE request: `HEAD <base URL>/`
//                  carrying only a User-Agent header. No subscription key, no PW-* header, no
//                  query, no body: no customer data and no credential leaves the machine;
//   clock          the local clock against that answer's Date header, since PW-request-date must
//                  be the current UTC time.
// It exits 0 when every check passes (a warning does not fail it), 4 otherwise.
import { lookup } from "node:dns/promises";
import { stat } from "node:fs/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import type { TLSSocket } from "node:tls";
import { CONTRACT_VERSION } from "../../generated/current";
import { resolveOptions } from "../options";
import { InvalidRequestError } from "../errors";
import { currentRequestDate, defaultUserAgent } from "../headers";
import { SDK_VERSION } from "../version";
import { checkedNumberFlagOptions, clientConfig, optionSource, stderrLogger, type KeySource } from "./config";
import { EXIT_DOCTOR_PROBLEM, EXIT_SUCCESS } from "./exit-codes";
import { DOCTOR_TIMEOUT_MS } from "./help";
import { jsonText, type Output } from "./output";
import type { FlagValues } from "./parse";
import { terminalLine } from "./terminal-text";
import { UsageError } from "./usage-error";

/**
 * How far the local clock may be from the server's before doctor fails. PayWise documents no
 * tolerance for PW-request-date; a clock this far off is wrong by any measure, and NTP keeps a
 * healthy one within a fraction of a second.
 */
export const CLOCK_TOLERANCE_MS = 30_000;
/** A certificate that expires sooner than this is a warning. */
const CERTIFICATE_WARNING_DAYS = 14;
const DAY_MS = 86_400_000;

export type CheckStatus = "ok" | "warn" | "fail" | "skip";
export interface CheckResult {
  check: "configuration" | "resolves" | "answers" | "clock";
  status: CheckStatus;
  /** What was found, in one line each; never the key. */
  details: string[];
}

interface DoctorIo {
  stdout: Output;
  stderr: Output;
  env: Readonly<Record<string, string | undefined>>;
}

function keyWords(source: KeySource): string {
  if (source.kind === "file") return "from --subscription-key-file";
  if (source.kind === "environment") return "from PAYWISE_SUBSCRIPTION_KEY";
  return "not set";
}

async function checkConfiguration(values: FlagValues, io: DoctorIo): Promise<{ result: CheckResult; baseUrl: string | undefined }> {
  const details: string[] = [];
  let status: CheckStatus = "ok";
  let baseUrl = typeof values["base-url"] === "string" ? values["base-url"] : io.env.PAYWISE_BASE_URL;
  try {
    const { options, keySource } = await clientConfig(values, io.env, stderrLogger((text) => io.stderr.write(text)));
    try {
      // The options as a client would take them, with the environment doctor was given (not process.env).
      baseUrl = resolveOptions(options, io.env).baseUrl;
      const env = io.env;
      details.push(
        `base URL ${terminalLine(baseUrl)}, origin country ${terminalLine(options.originCountry ?? env.PAYWISE_ORIGIN_COUNTRY ?? "")}, ` +
          `IP address ${terminalLine(options.ipAddress ?? env.PAYWISE_IP_ADDRESS ?? "")}, subscription key ${keyWords(keySource)} (never shown)`,
      );
    } catch (error) {
      if (!(error instanceof InvalidRequestError)) throw error;
      status = "fail";
      for (const issue of error.issues) {
        const source = optionSource(issue.path);
        details.push(`${terminalLine(issue.path)}${source ? ` (${source})` : ""}: ${terminalLine(issue.message)}`);
      }
    }
    if (keySource.kind === "file" && process.platform !== "win32") {
      const mode = (await stat(keySource.path)).mode & 0o777;
      if (mode & 0o077) {
        if (status === "ok") status = "warn";
        details.push(`--subscription-key-file can be read by other users (mode ${mode.toString(8).padStart(3, "0")}): chmod 600 it`);
      }
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    status = "fail";
    details.push(terminalLine(error.message));
  }
  return { result: { check: "configuration", status, details }, baseUrl };
}

function parseUrl(text: string | undefined): URL | undefined {
  if (text === undefined) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:" ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `work`, or a rejection once the deadline has passed: --timeout bounds the whole of doctor's
 * network checks, however slowly a server trickles its bytes (issue 28).
 */
function withinDeadline<T>(work: Promise<T>, deadline: Deadline): Promise<T> {
  if (deadline.signal.aborted) return Promise.reject(deadline.error());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(deadline.error());
    deadline.signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => deadline.signal.removeEventListener("abort", onAbort));
  });
}

interface Deadline {
  signal: AbortSignal;
  error(): Error;
}

function deadlineOf(timeoutMs: number): Deadline {
  return {
    signal: AbortSignal.timeout(timeoutMs),
    error: () => Object.assign(new Error(`doctor's checks did not finish within ${timeoutMs} ms (--timeout)`), { code: "ETIMEDOUT" }),
  };
}

async function checkResolves(url: URL, deadline: Deadline): Promise<CheckResult> {
  const host = url.hostname.startsWith("[") && url.hostname.endsWith("]") ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(host)) return { check: "resolves", status: "ok", details: [`${host} is an IP address: nothing to resolve`] };
  try {
    const addresses = await withinDeadline(lookup(host, { all: true }), deadline);
    return { check: "resolves", status: "ok", details: [`${terminalLine(host)} resolves to ${addresses.map((entry) => entry.address).join(", ")}`] };
  } catch (error) {
    return { check: "resolves", status: "fail", details: [`${terminalLine(host)} does not resolve (${(error as NodeJS.ErrnoException).code ?? "error"}): check the base URL and this machine's DNS`] };
  }
}

interface Answer {
  status: number;
  date: string | undefined;
  sentAt: number;
  receivedAt: number;
  tls?: { protocol: string | null; subject: string; issuer: string; validTo: string };
}

/** The one request doctor sends: HEAD <base URL>/ with a User-Agent and nothing else; the deadline closes its socket. */
function headRequest(url: URL, deadline: Deadline): Promise<Answer> {
  const target = new URL(url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`, url);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const sentAt = Date.now();
    const request = send(target, { method: "HEAD", headers: { "User-Agent": `${defaultUserAgent()} paywise-doctor` }, agent: false, signal: deadline.signal }, (response: IncomingMessage) => {
      const receivedAt = Date.now();
      const socket = response.socket as TLSSocket;
      const answer: Answer = { status: response.statusCode ?? 0, date: response.headers.date, sentAt, receivedAt };
      if (typeof socket.getPeerCertificate === "function") {
        const certificate = socket.getPeerCertificate();
        const name = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(", ") : (value ?? ""));
        answer.tls = { protocol: socket.getProtocol(), subject: name(certificate.subject?.CN), issuer: name(certificate.issuer?.CN ?? certificate.issuer?.O), validTo: certificate.valid_to ?? "" };
      }
      response.resume();
      response.on("end", () => resolve(answer));
      response.on("error", () => resolve(answer));
    });
    request.on("error", (error) => reject(deadline.signal.aborted ? deadline.error() : error));
    request.end();
  });
}

function answerCheck(url: URL, answer: Answer, now: number): CheckResult {
  const details = [`HEAD ${terminalLine(url.origin)} answered HTTP ${answer.status} in ${answer.receivedAt - answer.sentAt} ms`];
  if (!answer.tls) {
    details.push("over plain http: no TLS (the client allows http: only on loopback, or with allowInsecureHttp)");
    return { check: "answers", status: "warn", details };
  }
  const { protocol, subject, issuer, validTo } = answer.tls;
  details.push(`over ${terminalLine(protocol ?? "TLS")}, certificate ${terminalLine(subject)} from ${terminalLine(issuer)}, valid until ${terminalLine(validTo)}`);
  const daysLeft = Math.floor((Date.parse(validTo) - now) / DAY_MS);
  if (Number.isFinite(daysLeft) && daysLeft < CERTIFICATE_WARNING_DAYS) {
    details.push(`the certificate expires in ${daysLeft} days`);
    return { check: "answers", status: "warn", details };
  }
  return { check: "answers", status: "ok", details };
}

function clockCheck(answer: Answer): CheckResult {
  const server = answer.date === undefined ? Number.NaN : Date.parse(answer.date);
  if (!Number.isFinite(server)) {
    return { check: "clock", status: "warn", details: [answer.date === undefined ? "the answer has no Date header: the clock was not checked" : "the answer's Date header is not a date: the clock was not checked"] };
  }
  // The server stamped its Date somewhere between sending and receiving, in whole seconds.
  const local = (answer.sentAt + answer.receivedAt) / 2;
  const uncertainty = 1000 + (answer.receivedAt - answer.sentAt) / 2;
  const skew = local - server;
  const off = Math.max(0, Math.abs(skew) - uncertainty);
  const seconds = (Math.abs(skew) / 1000).toFixed(1);
  const requestDate = `PW-request-date would be "${currentRequestDate()}" (UTC)`;
  if (off > CLOCK_TOLERANCE_MS) {
    return {
      check: "clock",
      status: "fail",
      details: [`this machine's clock is ${seconds} s ${skew > 0 ? "ahead of" : "behind"} the server's Date header; ${requestDate}, which must be the current UTC time: set the clock right (NTP)`],
    };
  }
  return { check: "clock", status: "ok", details: [`within ${seconds} s of the server's Date header (±${(uncertainty / 1000).toFixed(1)} s); ${requestDate}`] };
}

async function checkNetwork(url: URL | undefined, deadline: Deadline): Promise<CheckResult[]> {
  if (!url) {
    const details = ["skipped: no usable base URL (see configuration)"];
    return [
      { check: "resolves", status: "skip", details },
      { check: "answers", status: "skip", details },
      { check: "clock", status: "skip", details },
    ];
  }
  const resolves = await checkResolves(url, deadline);
  if (resolves.status === "fail") {
    const details = ["skipped: the host does not resolve"];
    return [resolves, { check: "answers", status: "skip", details }, { check: "clock", status: "skip", details }];
  }
  try {
    const answer = await withinDeadline(headRequest(url, deadline), deadline);
    return [resolves, answerCheck(url, answer, Date.now()), clockCheck(answer)];
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = terminalLine(`${code ? `${code}: ` : ""}${error instanceof Error ? error.message : String(error)}`);
    return [
      resolves,
      { check: "answers", status: "fail", details: [`HEAD ${terminalLine(url.origin)} failed: ${reason}`] },
      { check: "clock", status: "skip", details: ["skipped: no answer to read a Date from"] },
    ];
  }
}

const MARKS: Record<CheckStatus, string> = { ok: "[ok]  ", warn: "[warn]", fail: "[fail]", skip: "[skip]" };

/** Runs every check, prints them (one JSON line with --json) and resolves to the exit code. */
export async function runDoctor(values: FlagValues, io: DoctorIo): Promise<number> {
  if (values.mock === true || values["mock-answer"] !== undefined) throw new UsageError("paywise doctor checks the real configuration and network; --mock does not apply to it");
  // Read as every command reads it: not a number, or out of range, is refused (exit 3).
  const { timeout = DOCTOR_TIMEOUT_MS } = checkedNumberFlagOptions(values);
  const deadline = deadlineOf(timeout);
  const { result: configuration, baseUrl } = await checkConfiguration(values, io);
  const checks = [configuration, ...(await checkNetwork(parseUrl(baseUrl), deadline))];
  const ok = checks.every((check) => check.status !== "fail");
  if (values.json === true) {
    io.stdout.write(`${jsonText({ ok, checks }, true)}\n`);
  } else {
    const lines = [`paywise doctor (@paywise/sdk ${SDK_VERSION}, contract ${CONTRACT_VERSION})`];
    for (const check of checks) for (const detail of check.details) lines.push(`${MARKS[check.status]} ${check.check}: ${detail}`);
    const failed = checks.filter((check) => check.status === "fail").length;
    lines.push(ok ? "doctor: every check passed" : `doctor: ${failed} check${failed === 1 ? "" : "s"} failed`);
    io.stdout.write(`${lines.join("\n")}\n`);
  }
  return ok ? EXIT_SUCCESS : EXIT_DOCTOR_PROBLEM;
}
