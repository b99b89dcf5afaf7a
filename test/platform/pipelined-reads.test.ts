// Decision 0100 on a real connection: with `pipelineWork` a transaction's work starts before its opening has
// answered (its statements follow the opening on the wire), without it the work waits; when the opening fails,
// the runner reports the opening's error, not the aborted statements behind it; a read-only COMMIT hands the
// connection back at once and the next transaction on it still sees a clean session.
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { runTransaction } from "../../app/platform/database/transaction-runner.js";

const pool = new pg.Pool({ connectionString: inject("databaseUrl"), max: 1, pipeline: true });
afterAll(() => pool.end());
const noRetryCount = () => undefined;
// The opening answers only after a pause, so what the work did meanwhile shows whether it waited.
const slowOpening = [{ text: "SELECT pg_sleep(0.2), 'opened' AS state" }];

describe("pipelined transactions (decision 0100)", () => {
  it("starts a pipelined work before its opening answers, and an ordinary one after", async () => {
    const timeline: string[] = [];
    await runTransaction(
      pool,
      "READ ONLY",
      async (db, opening) => {
        void opening?.then(() => timeline.push("opening answered"));
        timeline.push("work started");
        await db.query("SELECT 1");
        timeline.push("statement answered");
        return undefined;
      },
      { opening: slowOpening, pipelineWork: true },
      noRetryCount,
    );
    // The work began before the opening answered. Both answers may arrive in one read from the socket, and which
    // of the two callbacks runs first then depends on promise chains, not on the wire: only the first is fixed.
    expect(timeline[0]).toBe("work started");
    expect([...timeline].sort()).toEqual(["opening answered", "statement answered", "work started"]);
    timeline.length = 0;
    await runTransaction(
      pool,
      "READ ONLY",
      async (db, opening) => {
        void opening?.then(() => timeline.push("opening answered"));
        await Promise.resolve();
        timeline.push("work started");
        await db.query("SELECT 1");
        return undefined;
      },
      { opening: slowOpening },
      noRetryCount,
    );
    expect(timeline).toEqual(["opening answered", "work started"]);
  });

  it("reports the opening's error when it fails, not the statements aborted behind it", async () => {
    const failing = runTransaction(
      pool,
      "READ ONLY",
      async (db) => (await db.query("SELECT 1 AS n")).rows,
      { opening: [{ text: "SELECT 1 / $1::int", values: [0] }], pipelineWork: true },
      noRetryCount,
    );
    await expect(failing).rejects.toMatchObject({ code: "22012" });
  });

  it("hands a read's connection back before its COMMIT answers, and the next transaction starts clean", async () => {
    await runTransaction(
      pool,
      "READ ONLY",
      async (db) => db.query("SELECT set_config('app.user_id', 'someone', true)"),
      {},
      noRetryCount,
    );
    const next = await runTransaction(
      pool,
      "READ WRITE",
      async (db) =>
        (
          await db.query<{ user: string; readOnly: string }>(
            `SELECT current_setting('app.user_id', true) AS "user", current_setting('transaction_read_only') AS "readOnly"`,
          )
        ).rows[0],
      {},
      noRetryCount,
    );
    expect(next).toEqual({ user: "", readOnly: "off" });
  });
});
