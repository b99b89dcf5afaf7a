import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { answerClientError } from "./client-errors.js";

/** A socket stand-in that records what is written to it and whether it was destroyed. */
function fakeSocket(inFlight?: { headersSent: boolean }) {
  const socket = Object.assign(new PassThrough(), inFlight ? { _httpMessage: inFlight } : {});
  const written: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => written.push(chunk));
  return { socket, text: () => Buffer.concat(written).toString() };
}

const parserError = (code: string) => Object.assign(new Error(code), { code });

describe("answerClientError", () => {
  it.each([
    ["HPE_INVALID_METHOD", 400, "malformed_request"],
    ["HPE_HEADER_OVERFLOW", 431, "headers_too_large"],
    ["ERR_HTTP_REQUEST_TIMEOUT", 408, "request_timeout"],
    ["HPE_CHUNK_EXTENSIONS_OVERFLOW", 413, "payload_too_large"],
  ])("answers %s with a problem+json %d %s and closes", async (code, status, problemCode) => {
    const { socket, text } = fakeSocket();
    answerClientError(parserError(code), socket);
    await new Promise((resolve) => socket.once("close", resolve));
    const [head = "", body = ""] = text().split("\r\n\r\n");
    expect(head).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(head).toContain("Content-Type: application/problem+json");
    expect(head).toContain("Connection: close");
    expect(JSON.parse(body)).toMatchObject({ status, code: problemCode });
  });

  it("writes nothing over a response already under way, or on a reset connection", () => {
    const started = fakeSocket({ headersSent: true });
    answerClientError(parserError("HPE_INVALID_METHOD"), started.socket);
    const reset = fakeSocket();
    answerClientError(parserError("ECONNRESET"), reset.socket);
    expect([started.text(), reset.text()]).toEqual(["", ""]);
    expect([started.socket.destroyed, reset.socket.destroyed]).toEqual([true, true]);
  });
});
