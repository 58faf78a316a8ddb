import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";

const KEY = Symbol.for("qa-studio.logger");
const store = globalThis as typeof globalThis & { [KEY]?: Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/**
 * Creates the process's logger: JSON lines on stdout, at LOG_LEVEL (default info), or readable
 * coloured lines under `next dev`. The pretty printer runs in this thread as a plain stream, not as
 * a pino transport (a worker thread), which Next.js's server bundles cannot load.
 */
export function createLogger(destination?: DestinationStream, level = process.env.LOG_LEVEL || "info"): Logger {
  const options = {
    level: (LOG_LEVELS as readonly string[]).includes(level) ? level : "info",
    base: { pid: process.pid },
    // Nothing secret is ever passed to the logger; these paths are a second line of defence.
    redact: { paths: ["password", "token", "apiKey", "authorization", "cookie", "*.password", "*.token", "*.authorization", "*.cookie"], censor: "[redacted]" },
  };
  if (destination) return pino(options, destination);
  if (process.env.NODE_ENV === "development") return pino(options, pretty({ colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid" }));
  return pino(options);
}

/** The process's one logger (shared by the server's start-up code and every route bundle). */
export function logger(): Logger {
  store[KEY] ??= createLogger();
  return store[KEY];
}

/** For tests: send the process's log lines somewhere else. */
export function setLogger(next: Logger | undefined): void {
  store[KEY] = next;
}
