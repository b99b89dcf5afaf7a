// JSON lines on stdout with the level as a label. Request data is logged as chosen fields, never whole headers or
// bodies; redacting sensitive keys at any depth is the second line of defence for anything that slips into a log call.
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

const sensitiveKeys = new Set([
  "password",
  "currentpassword",
  "newpassword",
  "token",
  "accesstoken",
  "refreshtoken",
  "authorization",
  "cookie",
  "set-cookie",
  "secret",
  "apikey",
]);
const censor = "[redacted]";
const maxDepth = 6;

/**
 * Replaces the value of every sensitive key at any depth, copying only the objects it changes. A walk of the log
 * object costs about as much as pino's redaction with one level of wildcards, and unlike it reaches any depth
 * (pino has no recursive wildcard; enumerating paths three levels deep cost ~50 µs per line).
 */
export function redactSensitive(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object" || depth > maxDepth) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const redacted = redactSensitive(item, depth + 1);
      if (redacted !== item) (copy ??= [...value])[index] = redacted;
    });
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const redacted = sensitiveKeys.has(key.toLowerCase()) ? censor : redactSensitive(item, depth + 1);
    if (redacted !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = redacted;
  }
  return copy ?? value;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "rusty-saas-api" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactSensitive(object) as Record<string, unknown>,
      },
    },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
