// What PostgreSQL did for a case: the CPU time of the bench database's backends (from /proc) and the
// transactions committed in it (pg_stat_database; a statement outside BEGIN counts as one). Divided by the
// requests served, they are the database's share of each request. The watcher's own queries are few and
// subtracted.
import pg from "pg";
import { cpuMicroseconds } from "./server-processes.js";

export interface DatabaseSnapshot {
  backendCpu: Map<number, number>;
  transactions: number;
}

export interface DatabaseDelta {
  backendCpuMicroseconds: number;
  transactions: number;
}

export class DatabaseWatch {
  private constructor(
    private readonly client: pg.Client,
    private readonly database: string,
  ) {}

  static async open(databaseUrl: string): Promise<DatabaseWatch> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ name: string }>("SELECT current_database() AS name");
    return new DatabaseWatch(client, rows[0]?.name ?? "");
  }

  async snapshot(): Promise<DatabaseSnapshot> {
    // The statistics are sent to the collector at the end of each transaction, at most once a second.
    await this.client.query("SELECT pg_stat_clear_snapshot()");
    const { rows } = await this.client.query<{ pid: number; commits: string }>(
      `SELECT a.pid, d.xact_commit AS commits FROM pg_stat_database d
       LEFT JOIN pg_stat_activity a ON a.datid = d.datid AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'
       WHERE d.datname = $1`,
      [this.database],
    );
    const backendCpu = new Map<number, number>();
    for (const row of rows) if (row.pid) backendCpu.set(row.pid, cpuMicroseconds(row.pid));
    return { backendCpu, transactions: Number(rows[0]?.commits ?? 0) };
  }

  /** Backends that started during the case count from zero; those that ended are missed (rare: pools keep theirs). */
  async since(before: DatabaseSnapshot): Promise<DatabaseDelta> {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const after = await this.snapshot();
    let backendCpuMicroseconds = 0;
    for (const [pid, cpu] of after.backendCpu) backendCpuMicroseconds += cpu - (before.backendCpu.get(pid) ?? 0);
    // Each snapshot is two of the watcher's own transactions.
    return { backendCpuMicroseconds, transactions: after.transactions - before.transactions - 2 };
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
