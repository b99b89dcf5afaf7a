// A request Node's parser rejects before the app sees it (an unknown method, a malformed request line or
// header, headers above the size limit, a request that never finished arriving) is answered here, still as
// problem+json with a catalogued code, instead of Node's empty plain-text reply. Like Node's default handler it
// writes nothing on a dead socket or once a response has started on it, and always closes the connection.
import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { AppError } from "../errors/app-error.js";
import type { ErrorCode } from "../errors/error-catalog.js";
import { problemContentType, problemDocument } from "../errors/problem-details.js";

const codesByParserError: Record<string, ErrorCode> = {
  HPE_HEADER_OVERFLOW: "headers_too_large",
  HPE_CHUNK_EXTENSIONS_OVERFLOW: "payload_too_large",
  ERR_HTTP_REQUEST_TIMEOUT: "request_timeout",
};

export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // Node's own handler checks the same: a response already under way must not be corrupted by a second one.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const problem = new AppError(codesByParserError[error.code ?? ""] ?? "malformed_request");
  const requestId = randomUUID();
  const body = JSON.stringify(problemDocument(problem, "", requestId));
  const head = [
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ""}`,
    `Content-Type: ${problemContentType}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    "Connection: close",
  ];
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`, () => socket.destroy());
}
