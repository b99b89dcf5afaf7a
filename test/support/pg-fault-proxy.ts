// A loopback proxy in front of PostgreSQL that understands just enough of the wire protocol to cut one
// connection at an exact point of a transaction: before a chosen statement reaches the server, or right after
// the server finished it (its reply is dropped). That is how a test proves what a retry may and may not repeat,
// e.g. "the connection died while COMMIT was in flight". One armed fault fires once, on one connection.
import net from "node:net";

/** before: the statement never reaches the server. after: the server ran it, the client never hears back. */
export type CutPoint = "before" | "after";

interface ArmedFault {
  matches: (sql: string) => boolean;
  at: CutPoint;
  remaining: number;
}

const sslRequestCode = 80877103;
const gssEncRequestCode = 80877104;

export class PgFaultProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private armed?: ArmedFault;
  private readonly statements: string[] = [];
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static forUrl(url: string): PgFaultProxy {
    const parsed = new URL(url);
    return new PgFaultProxy(parsed.hostname, Number(parsed.port || 5432));
  }

  async start(): Promise<void> {
    const server = net.createServer((client) => this.relay(client));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  urlFor(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = "127.0.0.1";
    parsed.port = String(this.port);
    return parsed.toString();
  }

  /** Cuts the next `times` connections that send a statement matching `pattern` (a retry meets the next cut). */
  cut(pattern: RegExp, at: CutPoint, times = 1): void {
    this.armed = { matches: (sql) => pattern.test(sql), at, remaining: times };
  }

  /** Starts recording the statements clients send; the returned function reads them. */
  record(): () => string[] {
    const from = this.statements.length;
    return () => this.statements.slice(from);
  }

  /** Whether an armed fault still waits for (another) matching statement. */
  get pending(): boolean {
    return this.armed !== undefined;
  }

  disarm(): void {
    this.armed = undefined;
  }

  private relay(client: net.Socket): void {
    const server = net.connect(this.targetPort, this.targetHost);
    const cut = () => {
      client.destroy();
      server.destroy();
    };
    for (const socket of [client, server]) {
      this.sockets.add(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => {
        this.sockets.delete(socket);
        cut();
      });
    }
    let startup = true;
    let awaitingReplyOf: string | undefined;
    const fromClient = new MessageReader(() => startup);
    const fromServer = new MessageReader(() => false);
    client.on("data", (chunk: Buffer) => {
      for (const message of fromClient.push(chunk)) {
        if (startup && message.length >= 8) {
          const code = message.readInt32BE(4);
          if (code !== sslRequestCode && code !== gssEncRequestCode) startup = false;
        }
        const sql = startup ? undefined : statementOf(message);
        if (sql !== undefined) this.statements.push(sql);
        const fault = this.armed;
        if (sql !== undefined && fault?.matches(sql)) {
          fault.remaining -= 1;
          if (fault.remaining === 0) this.armed = undefined;
          if (fault.at === "before") return cut();
          awaitingReplyOf = sql;
        }
        server.write(message);
      }
    });
    server.on("data", (chunk: Buffer) => {
      // A reply to an SSL/GSS request is a single byte, outside the framing; this proxy serves plain connections.
      for (const message of fromServer.push(chunk)) {
        // After the statement ran, the server's ReadyForQuery ends its reply: cut instead of passing it on.
        if (awaitingReplyOf !== undefined && message[0] === 0x5a) return cut();
        if (awaitingReplyOf === undefined) client.write(message);
      }
    });
  }
}

/** Splits a byte stream into whole protocol messages (startup messages carry no type byte). */
class MessageReader {
  private buffered = Buffer.alloc(0);

  constructor(private readonly untyped: () => boolean) {}

  push(chunk: Buffer): Buffer[] {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    const messages: Buffer[] = [];
    for (;;) {
      const headerLength = this.untyped() ? 0 : 1;
      if (this.buffered.length < headerLength + 4) break;
      const total = headerLength + this.buffered.readInt32BE(headerLength);
      if (this.buffered.length < total) break;
      messages.push(this.buffered.subarray(0, total));
      this.buffered = this.buffered.subarray(total);
    }
    return messages;
  }
}

/** The SQL text of a simple Query ('Q') or a Parse ('P') message; undefined for any other message. */
function statementOf(message: Buffer): string | undefined {
  const type = String.fromCharCode(message[0] ?? 0);
  if (type === "Q") return message.subarray(5, message.indexOf(0, 5)).toString("utf8");
  if (type === "P") {
    const nameEnd = message.indexOf(0, 5);
    return message.subarray(nameEnd + 1, message.indexOf(0, nameEnd + 1)).toString("utf8");
  }
  return undefined;
}
