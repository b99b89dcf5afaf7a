// Tells "the server is unreachable or went away" apart from "the query was wrong": only the first kind may
// send a read to another pool or turn into a 503.

const connectionErrorCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "EAI_AGAIN",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, recovery)
  "53300", // too_many_connections
]);

const connectionErrorMessages = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  "connection timeout",
  "Query read timeout",
];

export function isConnectionError(error: unknown): boolean {
  const candidate = error as { code?: unknown; message?: unknown } | undefined;
  const code = typeof candidate?.code === "string" ? candidate.code : "";
  if (connectionErrorCodes.has(code) || code.startsWith("08")) return true;
  const message = typeof candidate?.message === "string" ? candidate.message : "";
  return connectionErrorMessages.some((fragment) => message.includes(fragment));
}

export const invalidPasswordCode = "28P01";
