// Decision 0103 on a real PostgreSQL: a transaction's statements are prepared on their connection once and reused,
// and a connection whose prepared statement went stale (a migration changed the columns it returns, under a running
// instance) is discarded and the transaction repeated on a fresh one, for a read and for a write alike.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AccessMode, RetryOutcome } from "../../app/platform/database/transaction-runner.js";
import { runTransaction } from "../../app/platform/database/transaction-runner.js";

const pool = new pg.Pool({ connectionString: inject("databaseUrl"), max: 1, pipeline: true });
const admin = new pg.Pool({ connectionString: inject("databaseUrl"), max: 1 });
// Unique per run, with a primary key (other suites list the schema's tables and refuse keyless ones).
const table = `scratch_prepared_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
const retries: [AccessMode, RetryOutcome][] = [];
const countRetry = (mode: AccessMode, outcome: RetryOutcome) => void retries.push([mode, outcome]);

beforeAll(async () => {
  await admin.query(`CREATE TABLE ${table} (id int PRIMARY KEY, label int NOT NULL)`);
  await admin.query(`INSERT INTO ${table} VALUES (1, 7)`);
});
afterAll(async () => {
  await pool.end();
  await admin.query(`DROP TABLE IF EXISTS ${table}`);
  await admin.end();
});

const readLabel = () =>
  runTransaction(
    pool,
    "READ ONLY",
    async (db) => (await db.query<{ label: unknown }>(`SELECT id, label FROM ${table} WHERE id = $1`, [1])).rows[0],
    {},
    countRetry,
  );

describe("prepared statements (decision 0103)", () => {
  it("prepares a statement on its connection once and runs it prepared after", async () => {
    const text = `SELECT id, label FROM ${table} WHERE id = $1`;
    await readLabel();
    await readLabel();
    const prepared = await runTransaction(
      pool,
      "READ ONLY",
      async (db) =>
        (await db.query<{ name: string }>("SELECT name FROM pg_prepared_statements WHERE statement = $1", [text])).rows,
      {},
      countRetry,
    );
    expect(prepared).toHaveLength(1);
    expect(prepared[0]?.name).toMatch(/^rusty_\d+$/);
  });

  it("repeats a read on a fresh connection when a migration changed what its statement returns", async () => {
    expect(await readLabel()).toEqual({ id: 1, label: 7 });
    await admin.query(`ALTER TABLE ${table} ALTER COLUMN label TYPE text`);
    retries.length = 0;
    expect(await readLabel()).toEqual({ id: 1, label: "7" });
    expect(retries).toEqual([["READ ONLY", "succeeded"]]);
    // The stale connection was discarded: the pool's next connection prepares the statement afresh.
    retries.length = 0;
    expect(await readLabel()).toEqual({ id: 1, label: "7" });
    expect(retries).toEqual([]);
  });

  it("repeats a write the same way, applying it once", async () => {
    const write = () =>
      runTransaction(
        pool,
        "READ WRITE",
        async (db) => {
          const { rows } = await db.query(`SELECT id, label FROM ${table} WHERE id = $1`, [1]);
          await db.query(`UPDATE ${table} SET id = id + 1 WHERE id = $1`, [rows[0]?.id ?? 0]);
          return rows[0];
        },
        {},
        countRetry,
      );
    await admin.query(`UPDATE ${table} SET id = 1`);
    await write();
    await admin.query(`UPDATE ${table} SET id = 1`);
    await admin.query(`ALTER TABLE ${table} ALTER COLUMN label TYPE bigint USING label::bigint`);
    retries.length = 0;
    expect(await write()).toEqual({ id: 1, label: "7" });
    expect(retries).toEqual([["READ WRITE", "succeeded"]]);
    expect((await admin.query(`SELECT id FROM ${table}`)).rows).toEqual([{ id: 2 }]);
  });
});
