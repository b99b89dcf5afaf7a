// Steady traffic against a running API while faults are injected: readers list and fetch cases, creators add
// cases with titles unique to this run (so every acknowledged write can be counted afterwards). Every request
// is recorded with its timing, status and whether a 503 carried Retry-After. Bounded: each request gives up
// after 10 s (a hang is recorded as a failure), and the workers stop when asked.
import { setTimeout as sleep } from "node:timers/promises";

export interface Sample {
  kind: "read" | "create";
  startedAt: number;
  endedAt: number;
  status: number;
  retryAfter: boolean;
  /** No answer: reset, refused, or no response within the bound. */
  failure?: string;
  /** The title a create sent. */
  title?: string;
}

export interface LoadTarget {
  baseUrl: string;
  token: string;
  /** A case the readers fetch by id. */
  caseId: string;
  /** Prefix of every title the creators send. */
  runId: string;
  /** The address a load balancer would append (X-Forwarded-For): this run's own rate-limit window. */
  clientAddress: string;
}

export class SteadyLoad {
  readonly samples: Sample[] = [];
  private running = false;
  private workers: Promise<void>[] = [];
  private created = 0;

  constructor(private readonly target: LoadTarget) {}

  start(options: { readers: number; creators: number; pauseMs: number }): void {
    this.running = true;
    for (let index = 0; index < options.readers; index += 1)
      this.workers.push(this.loop(options.pauseMs, (turn) => this.read(turn)));
    for (let index = 0; index < options.creators; index += 1)
      this.workers.push(this.loop(options.pauseMs, () => this.create()));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  /** When the first request that started at or after `since` succeeded, or undefined. */
  firstSuccessAfter(since: number): number | undefined {
    const successes = this.samples.filter((sample) => sample.startedAt >= since && isSuccess(sample));
    return successes.length > 0 ? Math.min(...successes.map((sample) => sample.endedAt)) : undefined;
  }

  private async loop(pauseMs: number, request: (turn: number) => Promise<Sample>): Promise<void> {
    for (let turn = 0; this.running; turn += 1) {
      this.samples.push(await request(turn));
      await sleep(pauseMs);
    }
  }

  private read(turn: number): Promise<Sample> {
    const path = turn % 2 === 0 ? "/api/v1/cases?limit=5" : `/api/v1/cases/${this.target.caseId}`;
    return this.send("read", path, { method: "GET" });
  }

  private create(): Promise<Sample> {
    this.created += 1;
    const title = `${this.target.runId}-${this.created}`;
    const body = JSON.stringify({ title, description: "written under faults" });
    const init = { method: "POST", body, headers: { "content-type": "application/json" } };
    return this.send("create", "/api/v1/cases", init, title);
  }

  private async send(kind: Sample["kind"], path: string, init: RequestInit, title?: string): Promise<Sample> {
    const startedAt = Date.now();
    const headers = {
      ...(init.headers as Record<string, string>),
      authorization: `Bearer ${this.target.token}`,
      "x-forwarded-for": this.target.clientAddress,
    };
    const base = { kind, startedAt, ...(title ? { title } : {}) };
    try {
      const response = await fetch(`${this.target.baseUrl}${path}`, {
        ...init,
        headers,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      const retryAfter = /^\d+$/.test(response.headers.get("retry-after") ?? "");
      return { ...base, endedAt: Date.now(), status: response.status, retryAfter };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      const failure = `${(error as Error).name}: ${cause?.code ?? (error as Error).message}`;
      return { ...base, endedAt: Date.now(), status: 0, retryAfter: false, failure };
    }
  }
}

export function isSuccess(sample: Sample): boolean {
  return sample.status >= 200 && sample.status < 300;
}
