// Short-lived PostgreSQL connections for drills and restore operations: one client per piece of work, always
// closed, with a bounded connect time so a dead server fails the step instead of hanging it.
import pg from "pg";

export type Row = Record<string, unknown>;

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  // UTC: timestamps render alike on every server, so rows read from two servers compare as text.
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, options: "-c TimeZone=UTC" });
  // A server that goes away (the promote drill kills one) surfaces through the pending query; without this
  // listener the client's error event would crash the process.
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The first column of the first row. */
export async function scalar<T = unknown>(url: string, sql: string, params: unknown[] = []): Promise<T> {
  return withClient(url, async (client) => firstValue<T>(await client.query(sql, params)));
}

export function firstValue<T>(result: pg.QueryResult): T {
  const row = result.rows[0] as Row | undefined;
  return (row ? Object.values(row)[0] : undefined) as T;
}

/** A URL without its password, for messages and audit metadata. */
export function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.username || "(default user)"}@${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
}

/** The same server and login, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** The same server and database, another login (passwords come from ~/.pgpass or trust on scratch servers). */
export function withUser(url: string, user: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = "";
  return parsed.toString();
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
