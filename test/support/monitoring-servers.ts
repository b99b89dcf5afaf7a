// Real Prometheus and Alertmanager (Debian's binaries) on loopback ports, plus a webhook that records every
// notification by receiver. Each process is started in a temporary folder and stopped by its own handle.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface Notification {
  receivedAt: number;
  receiver: string;
  status: string;
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[];
}

export class WebhookReceiver {
  readonly notifications: Notification[] = [];
  private server?: http.Server;
  port = 0;

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        const payload = JSON.parse(body) as Omit<Notification, "receivedAt">;
        this.notifications.push({ ...payload, receivedAt: Date.now() });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  /** The first notification to `receiver` carrying an alert that satisfies `match`, after `since`. */
  find(
    receiver: string,
    match: (alert: Notification["alerts"][number]) => boolean,
    since = 0,
  ): Notification | undefined {
    return this.notifications.find((n) => n.receiver === receiver && n.receivedAt >= since && n.alerts.some(match));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}

export class ServerProcess {
  private output = "";
  private readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
  }

  static start(name: string, command: string, args: readonly string[]): ServerProcess {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    const server = new ServerProcess(name, child);
    // A missing binary surfaces in the logs the waiting test prints, instead of an uncaught exception.
    child.once("error", (error) => {
      server.output += `${command} could not start (apt-get install ${name}; .ci/run does it): ${error.message}\n`;
    });
    return server;
  }

  logs(): string {
    return this.output.slice(-4000);
  }

  /** SIGTERM, then SIGKILL if it has not exited within five seconds. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill("SIGTERM");
    const gone = await Promise.race([this.exited.then(() => true), sleep(5000).then(() => false)]);
    if (!gone) {
      this.child.kill("SIGKILL");
      await this.exited;
    }
  }
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
