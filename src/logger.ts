// Optional logging, off unless the logLevel option or PAYWISE_LOG turns it on. Callers of the
// logger pass only values that went through redact.ts: this module never sees a raw secret.
import { printable } from "./printable";

export const LOG_LEVELS = ["off", "error", "warn", "info", "debug"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where log lines go. `console` fits; so do pino, winston and most others. */
export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
}

type Level = Exclude<LogLevel, "off">;

/** A logger that drops lines below the level, so call sites need no checks of their own. */
export interface LevelledLogger {
  enabled(level: Level): boolean;
  log(level: Level, message: string, fields?: Record<string, unknown>): void;
}

/** One call's logger: once the call's request id is known, every line ends with it. */
export interface CallLogger extends LevelledLogger {
  /** Notes the request id PayWise answered with (its PW-request-id header, or X-Request-Id from its edge). */
  noteAnswer(headers: Headers): void;
  /** Notes a request id found elsewhere, such as an error envelope's request_id. */
  noteRequestId(requestId: string | undefined): void;
}

export interface ClientLogger extends LevelledLogger {
  /**
   * A logger for one call; `sentRequestId` is the PW-request-id the call sends, if any. `secrets`
   * gives the call's secret values, worked out only when a line needs them.
   */
  forCall(sentRequestId: string | undefined, secrets: () => readonly string[]): CallLogger;
}

/**
 * What a request id from a server must look like to reach a log line: a plain token (UUIDs and
 * the like). Anything else, such as control characters that would forge a line, is left out.
 */
const PLAIN_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const OFF_CALL: CallLogger = { enabled: () => false, log() {}, noteAnswer() {}, noteRequestId() {} };

export function createLevelledLogger(level: LogLevel, sink: Logger): ClientLogger {
  const threshold = LOG_LEVELS.indexOf(level);
  const enabled = (at: Level) => threshold > 0 && LOG_LEVELS.indexOf(at) <= threshold;
  const log = (at: Level, message: string, fields?: Record<string, unknown>) => {
    if (!enabled(at)) return;
    // A message may quote a server's text: escaped, it stays one line and cannot forge another (issue 15).
    const line = `[paywise] ${printable(message)}`;
    try {
      // console prints every argument it is given: an absent `fields` would end the line in "undefined".
      if (fields === undefined) sink[at](line);
      else sink[at](line, fields);
    } catch {
      // A failing log sink must not change a call's outcome: "answered 200" is logged after a
      // register reached PayWise, and an error there would invite a second, duplicate register.
    }
  };
  return {
    enabled,
    log,
    forCall(sentRequestId, secrets) {
      if (threshold <= 0) return OFF_CALL;
      // The first id known wins, so every line of one call shows the same id.
      let requestId = sentRequestId;
      const noteRequestId = (found: string | undefined) => {
        // The id may come from a server: a secret it echoes there must not reach a log.
        if (requestId === undefined && found !== undefined && PLAIN_REQUEST_ID.test(found) && !secrets().some((secret) => found.includes(secret))) {
          requestId = found;
        }
      };
      return {
        enabled,
        log: (at, message, fields) => log(at, requestId === undefined ? message : `${message} (request id ${requestId})`, fields),
        noteAnswer: (headers) => noteRequestId(headers.get("pw-request-id") ?? headers.get("x-request-id") ?? undefined),
        noteRequestId,
      };
    },
  };
}
