// Raw HTTP/1.1 over one TCP socket, for what fetch hides: several requests on one keep-alive connection,
// methods and bytes a client library refuses to send, and whether the server answered or closed.
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface RawExchange {
  /** Status codes of the responses received, in order. */
  statuses: number[];
  /** Everything the server sent. */
  text: string;
  /** The server closed the connection (FIN or reset) before the deadline. */
  closed: boolean;
}

/**
 * Writes `requests` on one connection (each may carry a body), then reads until `expectResponses` responses
 * arrived, the server closed the connection, or `timeoutMs` passed. A write the server refuses (it closed
 * early) is not an error: what matters is what came back.
 */
export function exchange(
  port: number,
  requests: (string | Buffer)[],
  options: { expectResponses: number; timeoutMs: number },
): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let text = "";
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ statuses: statusesIn(text), text, closed });
    };
    const timer = setTimeout(finish, options.timeoutMs);
    socket.on("error", () => undefined);
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (statusesIn(text).length >= options.expectResponses) finish();
    });
    socket.on("close", () => {
      closed = true;
      finish();
    });
    socket.on("connect", () => void writeAsNetworkWould(socket, Buffer.concat(requests.map((r) => Buffer.from(r)))));
  });
}

/**
 * Sends in segments with pauses between them, as bytes arrive from a real network: the server reads a body
 * while the rest of it is still on the way, instead of finding all of it (and the next request) in one read.
 */
async function writeAsNetworkWould(socket: net.Socket, bytes: Buffer): Promise<void> {
  const segment = 16 * 1024;
  for (let offset = 0; offset < bytes.length && !socket.destroyed; offset += segment) {
    socket.write(bytes.subarray(offset, offset + segment));
    await sleep(2);
  }
}

interface ParsedResponse {
  status: number;
  head: string;
  body: string;
}

/** The complete responses in `text`, in order (bodies framed by Content-Length or chunked encoding). */
function responsesIn(text: string): ParsedResponse[] {
  const responses: ParsedResponse[] = [];
  let offset = 0;
  for (;;) {
    const headEnd = text.indexOf("\r\n\r\n", offset);
    const status = /^HTTP\/1\.1 (\d{3})/.exec(text.slice(offset, offset + 12));
    if (headEnd < 0 || !status) break;
    const head = text.slice(offset, headEnd);
    const body = bodyAfter(text, headEnd + 4, head);
    if (!body) break;
    responses.push({ status: Number(status[1]), head, body: body.text });
    offset = body.end;
  }
  return responses;
}

function bodyAfter(text: string, start: number, head: string): { text: string; end: number } | undefined {
  if (/transfer-encoding: chunked/i.test(head)) {
    let body = "";
    let offset = start;
    for (;;) {
      const lineEnd = text.indexOf("\r\n", offset);
      if (lineEnd < 0) return undefined;
      const size = parseInt(text.slice(offset, lineEnd), 16);
      if (text.length < lineEnd + 2 + size + 2) return undefined;
      if (size === 0) return { text: body, end: lineEnd + 4 };
      body += text.slice(lineEnd + 2, lineEnd + 2 + size);
      offset = lineEnd + 2 + size + 2;
    }
  }
  const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
  return text.length < start + length ? undefined : { text: text.slice(start, start + length), end: start + length };
}

function statusesIn(text: string): number[] {
  return responsesIn(text).map((response) => response.status);
}

/** A request head (and body) as bytes; Content-Length is added for a body unless the headers frame it already. */
export function rawRequest(method: string, path: string, headers: Record<string, string>, body?: Buffer): Buffer {
  const all = { host: "127.0.0.1", ...headers };
  const framed = Object.keys(all).some((name) => /^(content-length|transfer-encoding)$/i.test(name));
  if (body && !framed) Object.assign(all, { "content-length": String(body.length) });
  const head = [`${method} ${path} HTTP/1.1`, ...Object.entries(all).map(([name, value]) => `${name}: ${value}`)];
  return Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`, "latin1"), body ?? Buffer.alloc(0)]);
}

/** The body of the n-th response of an exchange, parsed as JSON. */
export function jsonBodyOf(text: string, index = 0): unknown {
  const response = responsesIn(text)[index];
  return response ? JSON.parse(response.body) : undefined;
}

/** The head (status line and headers) of the n-th response of an exchange. */
export function headOf(text: string, index = 0): string {
  return responsesIn(text)[index]?.head ?? "";
}
