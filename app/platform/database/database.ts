// The database API the features use. It is explicit about intent instead of sniffing SQL:
//   session.read(fn)         stale-tolerant read: a replica when one is healthy, else the primary
//   session.readPrimary(fn)  read that must see the latest writes
//   session.transaction(fn)  read-write transaction on the primary
// A session is one request: after it writes, its reads go to the primary so it sees its own writes.
// A transaction whose connection dies is retried once on a fresh connection when that cannot apply it twice
// (transaction-runner.ts); otherwise an unreachable database is a 503 with Retry-After.
import type pg from "pg";
import { AppError } from "../errors/app-error.js";
import type { Logger } from "../logging/logger.js";
import type { Metrics, PoolStats } from "../metrics/metrics.js";
import { isConnectionError } from "./connection-errors.js";
import { ReplicaRouter, type NamedPool } from "./replica-router.js";
import { runTransaction, type AccessMode, type RetryCounter } from "./transaction-runner.js";

export type Row = Record<string, unknown>;

/** A statement with its parameters, e.g. one of a transaction's opening. */
export interface Statement {
  text: string;
  values?: unknown[];
}

export interface Executor {
  query<R extends Row = Row>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/**
 * `opening` is the result of the transaction's opening statement, when one was given: already answered, unless
 * the options pipeline the work behind it. The work may run a second time, on a new connection, when the first
 * one died before COMMIT: it must keep every effect outside the database (cache, network, counters) until the
 * transaction has returned.
 */
export type TransactionWork<T> = (executor: Executor, opening?: Promise<pg.QueryResult>) => Promise<T>;

export interface TransactionOptions {
  /**
   * Statements sent in the same round trip as BEGIN, e.g. per-transaction settings; the opening's answer is the
   * last one's result. Saves a round trip per transaction.
   */
  opening?: readonly Statement[];
  /**
   * Starts the work at once, its statements sent behind the opening without waiting for its answer (the pool's
   * connections pipeline, decision 0100). The work must await `opening` and check it before any result it read
   * leaves the transaction: PostgreSQL runs the work's statements whatever the opening returned (an opening that
   * fails aborts the transaction, and the runner reports the opening's error, not the aborted statements').
   */
  pipelineWork?: boolean;
}

export class Database {
  private readonly replicaRouter: ReplicaRouter;
  private readonly retryCounters = new Map<string, RetryCounter>();

  constructor(
    readonly primary: pg.Pool,
    replicas: NamedPool[],
    private readonly options: { replicaRetryMs: number; metrics: Metrics; log: Logger },
  ) {
    this.replicaRouter = new ReplicaRouter(replicas, options.replicaRetryMs);
  }

  session(): DatabaseSession {
    return new DatabaseSession(this);
  }

  /** Stale-tolerant read on a replica, falling back to the primary at once when the replica fails. */
  async readFromReplica<T>(work: TransactionWork<T>, options: TransactionOptions = {}): Promise<T> {
    const replica = this.replicaRouter.pick();
    if (!replica) return this.onPrimary("READ ONLY", work, options);
    if (!replica.healthy) {
      this.options.metrics.replicaFallbacks.inc({ pool: replica.name });
      return this.onPrimary("READ ONLY", work, options);
    }
    try {
      return await runTransaction(replica.pool, "READ ONLY", work, options, this.retryCounter(replica.name));
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      this.replicaRouter.markFailed(replica.name);
      this.options.metrics.replicaFallbacks.inc({ pool: replica.name });
      this.options.log.warn(
        { pool: replica.name, err: { message: (error as Error).message } },
        "replica failed; reading from the primary",
      );
      return this.onPrimary("READ ONLY", work, options);
    }
  }

  /** Work on the primary. An unreachable primary becomes a 503, never a hang beyond the connect timeout. */
  async onPrimary<T>(mode: AccessMode, work: TransactionWork<T>, options: TransactionOptions = {}): Promise<T> {
    try {
      return await runTransaction(this.primary, mode, work, options, this.retryCounter("primary"));
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      throw new AppError("service_unavailable", {
        detail: "The database is unavailable; retry shortly.",
        headers: { "Retry-After": "5" },
        cause: error,
      });
    }
  }

  /** One counter per pool, built once: the request path only calls it when a retry happens. */
  private retryCounter(pool: string): RetryCounter {
    let counter = this.retryCounters.get(pool);
    if (!counter) {
      const { transactionRetries } = this.options.metrics;
      counter = (mode, outcome) =>
        transactionRetries.inc({ pool, access: mode === "READ ONLY" ? "read" : "write", outcome });
      this.retryCounters.set(pool, counter);
    }
    return counter;
  }

  /** Round trip to the primary for readiness; throws when it does not answer. */
  async pingPrimary(): Promise<void> {
    await this.primary.query("SELECT 1");
  }

  /** Replica pools by name, for health probes. */
  replicaPools(): NamedPool[] {
    return this.replicaRouter.all();
  }

  poolStats(): PoolStats[] {
    const named = [{ name: "primary", pool: this.primary }, ...this.replicaRouter.all()];
    return named.map(({ name, pool }) => ({
      name,
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }));
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.primary.end(), ...this.replicaRouter.all().map(({ pool }) => pool.end())]);
  }
}

export class DatabaseSession {
  private wrote = false;

  constructor(private readonly database: Database) {}

  read<T>(work: TransactionWork<T>, options?: TransactionOptions): Promise<T> {
    return this.wrote
      ? this.database.onPrimary("READ ONLY", work, options)
      : this.database.readFromReplica(work, options);
  }

  readPrimary<T>(work: TransactionWork<T>, options?: TransactionOptions): Promise<T> {
    return this.database.onPrimary("READ ONLY", work, options);
  }

  transaction<T>(work: TransactionWork<T>, options?: TransactionOptions): Promise<T> {
    this.wrote = true;
    return this.database.onPrimary("READ WRITE", work, options);
  }

  get hasWritten(): boolean {
    return this.wrote;
  }
}
