// Optional logging, off unless the logLevel option or PAYWISE_LOG turns it on. Callers of the
// logger pass only values that went through redact.ts: this module never sees a raw secret.

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

export function createLevelledLogger(level: LogLevel, sink: Logger): LevelledLogger {
  const threshold = LOG_LEVELS.indexOf(level);
  const enabled = (at: Level) => threshold > 0 && LOG_LEVELS.indexOf(at) <= threshold;
  return {
    enabled,
    log(at, message, fields) {
      if (!enabled(at)) return;
      try {
        sink[at](`[paywise] ${message}`, fields);
      } catch {
        // A failing log sink must not change a call's outcome: "answered 200" is logged after a
        // register reached PayWise, and an error there would invite a second, duplicate register.
      }
    },
  };
}
