// Tells "the server is unreachable or went away" apart from "the query was wrong": only the first kind may
// send a read to another pool or turn into a 503. Within it, "this connection is dead" (the server ended it, or
// its socket closed) is the narrower kind that earns a retry on a fresh connection: a timeout is not in it,
// since a slow server must never be handed the same work twice.

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

const deadConnectionCodes = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT", // TCP keepalive gave up on an established connection
  "57P01", // admin_shutdown: pg_terminate_backend, a fast shutdown, a failover
  "57P02", // crash_shutdown
  "08000", // connection_exception
  "08003", // connection_does_not_exist
  "08006", // connection_failure
]);

const deadConnectionMessages = [
  // pg: the socket ended while the connection was in use (with "unexpectedly", or during an end we asked for)
  "Connection terminated",
  // pg: an 'error' event already marked this client unusable (e.g. 57P01 arrived between two statements)
  "Client has encountered a connection error and is not queryable",
];

/** The connection an operation ran on is gone; says nothing about whether a new one would work. */
export function isDeadConnectionError(error: unknown): boolean {
  const candidate = error as { code?: unknown; message?: unknown } | undefined;
  const code = typeof candidate?.code === "string" ? candidate.code : "";
  if (deadConnectionCodes.has(code)) return true;
  const message = typeof candidate?.message === "string" ? candidate.message : "";
  return deadConnectionMessages.some((fragment) => message.startsWith(fragment));
}

export const invalidPasswordCode = "28P01";
