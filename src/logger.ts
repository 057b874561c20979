import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/** Paths that may carry secrets or message bodies; pino replaces them before anything is written. */
export const REDACTED_PATHS = [
  "*.token",
  "*.secret",
  "*.password",
  "*.authorization",
  "*.Authorization",
  "*.text",
  "*.body",
  "*.commandLine",
  "*.markdown",
  "headers.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "config.DATABASE_URL",
  "config.REDIS_URL",
];

/** A structured logger that never writes secrets or message bodies. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "rollout-bot" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination(2),
  );
}
