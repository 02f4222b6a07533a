// Optional logging, off unless the logLevel option or PAYWISE_LOG turns it on. Callers of the
// logger pass only values that went through redact.ts: this module never sees a raw secret.
// Each line is a message and a fields object (issue 17): console and winston take them in that
// order, pino and bunyan take the fields first, which the logFieldsFirst option declares.
import { printable } from "./printable";
import { recordedId } from "./redact";

export const LOG_LEVELS = ["off", "error", "warn", "info", "debug"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Where log lines go: `console` and winston fit as they are (`logger.info(message, fields)`);
 * pino and bunyan fit with `logFieldsFirst: true` (`logger.info(fields, message)`).
 */
export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
}

/**
 * The fields of every line of a call, beside what a line adds (`status`, `attempt`, `durationMs`,
 * `url`, `error`, …): the SDK method, the HTTP method, the contract's path (a template: the URL's
 * query carries personal data), and the request id once it is known.
 */
export interface CallLogFields {
  operation: string;
  method: string;
  path: string;
  requestId?: string;
}

type Level = Exclude<LogLevel, "off">;

/** A logger that drops lines below the level, so call sites need no checks of their own. */
export interface LevelledLogger {
  enabled(level: Level): boolean;
  log(level: Level, message: string, fields?: Record<string, unknown>): void;
}

/** One call's logger: once the call's request id is known, every line carries it. */
export interface CallLogger extends LevelledLogger {
  /** Notes the request id PayWise answered with (its PW-request-id header, or X-Request-Id from its edge). */
  noteAnswer(headers: Headers): void;
  /** Notes a request id found elsewhere, such as an envelope's request_id. */
  noteRequestId(requestId: string | undefined): void;
  /** Holds the line of the call's final answer ("answered 200 in 5 ms") until `answered`. */
  holdAnswered(message: string, fields: Record<string, unknown>): void;
  /** Once the final answer is settled: notes the request id it names (if a string) and writes the held line (issue 16). */
  answered(requestId: unknown): void;
}

/** What a call logger needs to know of its call. */
export interface CallLogContext {
  operation: string;
  method: string;
  path: string;
  /** The PW-request-id the call sends, if any. */
  sentRequestId: string | undefined;
  /** The call's secret values, worked out only when a line needs them: masked in a server's request id (recordedId). */
  secrets: () => readonly string[];
  /** The call's personal values with their masked forms, worked out only when a line needs them: masked there too. */
  personal: () => readonly [string, string][];
  /** Fields every line of the call carries besides (the observer's: its trace_id and span_id). */
  fields?: Readonly<Record<string, string>> | undefined;
}

export interface ClientLogger extends LevelledLogger {
  forCall(call: CallLogContext): CallLogger;
}

const OFF_CALL: CallLogger = { enabled: () => false, log() {}, noteAnswer() {}, noteRequestId() {}, holdAnswered() {}, answered() {} };

export function createLevelledLogger(level: LogLevel, sink: Logger, fieldsFirst = false): ClientLogger {
  const threshold = LOG_LEVELS.indexOf(level);
  const enabled = (at: Level) => threshold > 0 && LOG_LEVELS.indexOf(at) <= threshold;
  const log = (at: Level, message: string, fields?: Record<string, unknown>) => {
    if (!enabled(at)) return;
    // A message may quote a server's text: escaped, it stays one line and cannot forge another (issue 15).
    const line = `[paywise] ${printable(message)}`;
    try {
      // console prints every argument it is given: an absent `fields` would end the line in "undefined".
      if (fields === undefined) sink[at](line);
      // pino's and bunyan's order, which the Logger type (console's, winston's) does not spell.
      else if (fieldsFirst) Reflect.apply(sink[at], sink, [fields, line]);
      else sink[at](line, fields);
    } catch {
      // A failing log sink must not change a call's outcome: "answered 200" is logged after a
      // register reached PayWise, and an error there would invite a second, duplicate register.
    }
  };
  return {
    enabled,
    log,
    forCall(call) {
      if (threshold <= 0) return OFF_CALL;
      // The id createSession sends is the call's from the start; otherwise the envelope's
      // request_id, else the answer's header (issue 16). Lines written before the envelope is
      // read carry the header's id, which PayWise keeps equal to the envelope's.
      let requestId = call.sentRequestId;
      let fromHeader = false;
      const noteRequestId = (found: string | undefined) => {
        // The id may come from a server: a secret or personal value it echoes there is masked (issue 28).
        if ((requestId === undefined || fromHeader) && found !== undefined) {
          requestId = recordedId(found, call.secrets(), call.personal());
          fromHeader = false;
        }
      };
      const noteAnswer = (headers: Headers) => {
        const found = headers.get("pw-request-id") ?? headers.get("x-request-id") ?? undefined;
        if (requestId === undefined && found !== undefined) {
          requestId = recordedId(found, call.secrets(), call.personal());
          fromHeader = true;
        }
      };
      const base = { operation: call.operation, method: call.method, path: call.path, ...call.fields };
      const callLog: CallLogger["log"] = (at, message, fields) => {
        if (!enabled(at)) return;
        const all: Record<string, unknown> = { ...base, ...fields };
        if (requestId !== undefined) all.requestId = requestId;
        log(at, requestId === undefined ? message : `${message} (request id ${requestId})`, all);
      };
      let held: [string, Record<string, unknown>] | undefined;
      return {
        enabled,
        log: callLog,
        noteAnswer,
        noteRequestId,
        holdAnswered: (message, fields) => void (held = [message, fields]),
        answered(found) {
          if (typeof found === "string") noteRequestId(found);
          if (held) callLog("info", ...held);
          held = undefined;
        },
      };
    },
  };
}
