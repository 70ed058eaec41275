// The app's one logger. Every server-side line goes through here, so that:
// - production writes one JSON object per line (a log shipper parses it), development and tests a
//   readable `[module] message key=value` line; LOG_FORMAT overrides the choice;
// - LOG_LEVEL (debug, info, warn, error, silent) filters lines;
// - each line carries the request id of the API request it belongs to (lib/log/request-context.ts,
//   set by the route wrapper), without lib code passing it around;
// - fields whose name looks like a secret (password, authorization, cookie, token, secret, api key)
//   are written as "[redacted]", however deep they sit;
// - an outage that fails every request logs one line per interval, not one per request
//   (`warnEvery`/`errorEvery`), and a bad setting one line per value (`warnOnce`).
// Lines are written through console.debug/info/warn/error, the level's own stream, so test spies on
// the console keep seeing them.
import { logSettings, type LogLevel } from "../config/env";
import { currentRequestId } from "./request-context";

export type LogFields = Record<string, unknown>;
type Level = Exclude<LogLevel, "silent">;
type Message = string | ((suppressed: number) => string);

export type Logger = {
  readonly module: string;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /**
   * At most one line per `intervalMs` for `key` (module-wide); the others are counted and the
   * function form of the message is told how many were folded in. Returns whether it logged.
   */
  warnEvery(key: string, intervalMs: number, message: Message, fields?: LogFields): boolean;
  errorEvery(key: string, intervalMs: number, message: Message, fields?: LogFields): boolean;
  /** One line per `key` for the life of the process. */
  warnOnce(key: string, message: string, fields?: LogFields): boolean;
  /** A logger for a part of `module` (`cache` → `cache:build`), or with fields on every line. */
  child(module: string, fields?: LogFields): Logger;
};

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

const SECRET_KEY = /pass(word)?|authorization|cookie|token|secret|api[-_]?key|private[-_]?key|credential/i;
export const REDACTED = "[redacted]";

/** `value` with every secret-looking field replaced; errors become {name, message, code, stack}. */
export function redact(value: unknown, depth = 0): unknown {
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown; cause?: unknown };
    return { name: e.name, message: e.message, ...(e.code !== undefined ? { code: e.code } : {}), stack: e.stack, ...(e.cause !== undefined && depth < 4 ? { cause: redact(e.cause, depth + 1) } : {}) };
  }
  if (value === null || typeof value !== "object") return value;
  if (depth >= 6) return "[deep]";
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Date) return value.toISOString();
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? REDACTED : redact(v, depth + 1)]));
}

function readable(value: unknown): string {
  if (typeof value === "string") return /[\s"=]/.test(value) || value === "" ? JSON.stringify(value) : value;
  if (value instanceof Error) return JSON.stringify(value.message);
  return JSON.stringify(value);
}

function write(level: Level, module: string, message: string, fields: LogFields | undefined): void {
  const { level: threshold, format } = logSettings();
  if (RANK[level] < RANK[threshold]) return;
  const requestId = currentRequestId();
  const safe = (fields ? redact(fields) : {}) as LogFields;
  let line: string;
  if (format === "json") {
    line = JSON.stringify({ time: new Date().toISOString(), level, module, msg: message, ...(requestId ? { request_id: requestId } : {}), ...safe });
  } else {
    const { err, ...rest } = safe;
    const pairs = Object.entries(rest)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => ` ${k}=${readable(v)}`)
      .join("");
    const stack = err && typeof err === "object" && "stack" in err && typeof err.stack === "string" ? `\n${err.stack}` : err !== undefined ? ` err=${readable(err)}` : "";
    line = `[${module}] ${message}${pairs}${requestId ? ` request_id=${requestId}` : ""}${stack}`;
  }
  console[level](line);
}

// Throttle state, shared by every logger of the process (a key names one kind of line).
const throttles = new Map<string, { at: number; suppressed: number }>();

function throttled(key: string, intervalMs: number): number | null {
  const now = Date.now();
  const state = throttles.get(key);
  if (state && now - state.at < intervalMs) {
    state.suppressed += 1;
    return null;
  }
  const suppressed = state?.suppressed ?? 0;
  throttles.set(key, { at: now, suppressed: 0 });
  return suppressed;
}

export function createLogger(module: string, bound?: LogFields): Logger {
  const withBound = (fields?: LogFields) => (bound ? { ...bound, ...fields } : fields);
  const every = (level: Level, key: string, intervalMs: number, message: Message, fields?: LogFields) => {
    const suppressed = throttled(`${module}|${key}`, intervalMs);
    if (suppressed === null) return false;
    write(level, module, typeof message === "function" ? message(suppressed) : message, withBound(fields));
    return true;
  };
  return {
    module,
    debug: (message, fields) => write("debug", module, message, withBound(fields)),
    info: (message, fields) => write("info", module, message, withBound(fields)),
    warn: (message, fields) => write("warn", module, message, withBound(fields)),
    error: (message, fields) => write("error", module, message, withBound(fields)),
    warnEvery: (key, intervalMs, message, fields) => every("warn", key, intervalMs, message, fields),
    errorEvery: (key, intervalMs, message, fields) => every("error", key, intervalMs, message, fields),
    warnOnce: (key, message, fields) => every("warn", key, Number.POSITIVE_INFINITY, message, fields),
    child: (name, fields) => createLogger(`${module}:${name}`, { ...bound, ...fields }),
  };
}

/** The logger of one part of the app: `logger("payments").warn(...)` writes `[payments] ...`. */
export function logger(module: string): Logger {
  return createLogger(module);
}

/** Forget every throttle (tests). */
export function resetLogThrottles(): void {
  throttles.clear();
}
