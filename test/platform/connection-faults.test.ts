// PostgreSQL terminating a connection that a request holds (57P01, as on a failover, a reboot or an
// idle-in-transaction kill), seen from the real process: it must never exit; the request is retried once on a
// fresh connection when that is safe, else answered 503 with Retry-After; the broken connection is discarded.
// Only the marked backend of this test is terminated: the shared server and the other tests are untouched.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { withOwnerConnection } from "../support/audit-trail.js";
import { metricSum, waitFor } from "../support/polling.js";
import { startProbeProcess, type ProbeProcess } from "../support/probe-process.js";

let app: ProbeProcess;
let baseUrl: string;
let metricsUrl: string;
const table = `hold_rows_${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  await withOwnerConnection(async (client) => {
    // A primary key, as every table of the schema has: tests running meanwhile list the schema's tables (the
    // tenant restore's confinement test compares rows by key), and a keyless table would fail them.
    await client.query(`CREATE TABLE ${table} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key text NOT NULL)`);
    await client.query(`ALTER TABLE ${table} OWNER TO ${new URL(inject("databaseUrl")).username}`);
  });
  app = await startProbeProcess();
  ({ baseUrl, metricsUrl } = app);
}, 30_000);

afterAll(async () => {
  app?.child.kill("SIGKILL");
  await withOwnerConnection((client) => client.query(`DROP TABLE IF EXISTS ${table}`));
});

/** Waits for a backend idling in a transaction whose last statement carries the marker, and terminates it. */
async function terminateHolder(marker: string, skip: number[] = []): Promise<number> {
  let pid = 0;
  await waitFor(async () => {
    pid = await withOwnerConnection(async (client) => {
      const { rows } = await client.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
          WHERE state = 'idle in transaction' AND query LIKE $1 AND NOT (pid = ANY($2::int[]))`,
        [`%hold_${marker}%`, skip],
      );
      const found = rows[0]?.pid ?? 0;
      if (found) await client.query("SELECT pg_terminate_backend($1)", [found]);
      return found;
    });
    return pid !== 0;
  }, 10_000);
  return pid;
}

const marker = () => `m${randomBytes(6).toString("hex")}`;
const retries = async (labels: Record<string, string>) =>
  metricSum(await (await fetch(metricsUrl)).text(), "db_transaction_retries_total", labels);

/** The answer to a request sent before the fault; if the process died instead, says so with its last output. */
function pending(request: Promise<Response>): () => Promise<Response> {
  request.catch(() => undefined);
  return async () => {
    try {
      return await request;
    } catch (error) {
      await Promise.race([app.exited, sleep(1000)]);
      const exit = `exit code ${app.child.exitCode}, signal ${app.child.signalCode}`;
      throw new Error(`no answer (${(error as Error).message}); the process: ${exit}\n${app.output().slice(-1500)}`);
    }
  };
}

function expectAlive(): void {
  expect(app.child.exitCode, app.output()).toBeNull();
  expect(app.child.signalCode).toBeNull();
}

describe("a connection terminated while a request holds it", () => {
  it("never exits the process, and answers the read from a fresh connection", async () => {
    const name = marker();
    const before = await retries({ pool: "primary", access: "read", outcome: "succeeded" });
    const answer = pending(fetch(`${baseUrl}/probe/hold?marker=${name}&ms=1500`));
    const killed = await terminateHolder(name);
    const response = await answer();
    expect(response.status, app.output()).toBe(200);
    expect(((await response.json()) as { pid: number }).pid).not.toBe(killed);
    expectAlive();
    expect(await retries({ pool: "primary", access: "read", outcome: "succeeded" })).toBe(before + 1);
  }, 20_000);

  it("retries a write whose transaction never reached COMMIT, and it lands exactly once", async () => {
    const name = marker();
    const answer = pending(fetch(`${baseUrl}/probe/hold?marker=${name}&ms=1500&table=${table}`, { method: "POST" }));
    await terminateHolder(name);
    expect((await answer()).status, app.output()).toBe(201);
    expectAlive();
    const rows = await withOwnerConnection((client) =>
      client.query(`SELECT count(*)::int AS n FROM ${table} WHERE key = $1`, [name]),
    );
    expect(rows.rows[0]).toEqual({ n: 1 });
  }, 20_000);

  it("answers 503 with Retry-After when the fresh connection dies too, then serves again", async () => {
    const name = marker();
    const answer = pending(fetch(`${baseUrl}/probe/hold?marker=${name}&ms=1500`));
    const first = await terminateHolder(name);
    await terminateHolder(name, [first]);
    const response = await answer();
    expect(response.status, app.output()).toBe(503);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(await response.json()).toMatchObject({ code: "service_unavailable" });
    expectAlive();
    expect((await fetch(`${baseUrl}/probe/read`)).status).toBe(200);
    const metrics = await (await fetch(metricsUrl)).text();
    expect(metricSum(metrics, "db_pool_connections", { pool: "primary", state: "total" })).toBeLessThanOrEqual(10);
  }, 20_000);
});
