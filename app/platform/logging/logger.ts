// JSON lines on stdout with the level as a label. Request data is logged as chosen fields, never whole headers or
// bodies; the redaction list is the second line of defence for anything that slips into a log call.
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

const sensitiveKeys = [
  "password",
  "currentPassword",
  "newPassword",
  "token",
  "accessToken",
  "refreshToken",
  "authorization",
  "cookie",
  '["set-cookie"]',
  "secret",
  "apiKey",
];

/** Each sensitive key at the top and up to three objects deep (pino has no recursive wildcard). */
export const redactedPaths = sensitiveKeys.flatMap((key) => {
  const path = key.startsWith("[") ? key : `.${key}`;
  return [key.startsWith("[") ? `*${key}` : key, `*${path}`, `*.*${path}`, `*.*.*${path}`];
});

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "rusty-saas-api" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactedPaths, censor: "[redacted]" },
    },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
