// What a dead connection may cost, proven by cutting one connection at an exact point of a transaction
// (test/support/pg-fault-proxy.ts): a read, or a write whose COMMIT was never sent, is retried once on a fresh
// connection; a write whose COMMIT may have reached the server is never repeated (503 with Retry-After, and the
// row exists at most once). The happy path sends exactly BEGIN, the work and COMMIT: the retry costs nothing
// until a connection dies.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { withOwnerConnection } from "../support/audit-trail.js";
import { startTestApp, type AppUnderTest } from "../support/app-under-test.js";
import { PgFaultProxy } from "../support/pg-fault-proxy.js";
import { metricSum, waitFor } from "../support/polling.js";
import { probeRoutes } from "../support/probe-routes.js";

const proxy = PgFaultProxy.forUrl(inject("databaseUrl"));
const table = `retry_rows_${randomBytes(4).toString("hex")}`;
let app: AppUnderTest;

beforeAll(async () => {
  await withOwnerConnection(async (client) => {
    // A primary key, as every table of the schema has: tests running meanwhile list the schema's tables (the
    // tenant restore's confinement test compares rows by key), and a keyless table would fail them.
    await client.query(`CREATE TABLE ${table} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key text NOT NULL)`);
    await client.query(`ALTER TABLE ${table} OWNER TO ${new URL(inject("databaseUrl")).username}`);
  });
  await proxy.start();
  app = await startTestApp({ DATABASE_URL: proxy.urlFor(inject("databaseUrl")), LOG_LEVEL: "warn" }, probeRoutes);
});
afterAll(async () => {
  await app?.stop();
  await proxy.stop();
  await withOwnerConnection((client) => client.query(`DROP TABLE IF EXISTS ${table}`));
});
beforeEach(() => proxy.disarm());

const key = () => `k${randomBytes(6).toString("hex")}`;
const insert = (name: string) => fetch(`${app.baseUrl}/probe/insert?table=${table}&key=${name}`, { method: "POST" });
const rowsWith = async (name: string) =>
  (
    await withOwnerConnection((client) =>
      client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE key = $1`, [name]),
    )
  ).rows[0]?.n;
const retries = async (labels: Record<string, string>) =>
  metricSum(await (await fetch(app.metricsUrl)).text(), "db_transaction_retries_total", labels);

async function expectUnavailable(response: Response): Promise<void> {
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(await response.json()).toMatchObject({ code: "service_unavailable" });
}

describe("a read whose connection dies", () => {
  it("is retried once on a fresh connection and answered, counted as a successful retry", async () => {
    const before = await retries({ access: "read", outcome: "succeeded" });
    const name = key();
    proxy.cut(new RegExp(`read_${name}`), "before");
    const response = await fetch(`${app.baseUrl}/probe/marked-read?marker=${name}`);
    expect(proxy.pending, "the fault fired").toBe(false);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ marker: `read_${name}` });
    expect(await retries({ access: "read", outcome: "succeeded" })).toBe(before + 1);
  });

  it("answers 503 with Retry-After when the fresh connection dies too", async () => {
    const before = await retries({ access: "read", outcome: "failed" });
    const name = key();
    proxy.cut(new RegExp(`read_${name}`), "before", 2);
    const response = await fetch(`${app.baseUrl}/probe/marked-read?marker=${name}`);
    expect(proxy.pending, "the retry met the second cut").toBe(false);
    await expectUnavailable(response);
    expect(await retries({ access: "read", outcome: "failed" })).toBe(before + 1);
  });
});

describe("a write whose connection dies", () => {
  it("is retried when its transaction never reached COMMIT, and the row lands exactly once", async () => {
    const name = key();
    // The INSERT ran on the server, inside a transaction that can now only roll back.
    proxy.cut(new RegExp(`INSERT INTO ${table}`), "after");
    const response = await insert(name);
    expect(proxy.pending, "the fault fired").toBe(false);
    expect(response.status).toBe(201);
    expect(await rowsWith(name)).toBe(1);
  });

  it("is never repeated once COMMIT reached the server: 503, and the committed row exists once", async () => {
    const before = await retries({});
    const name = key();
    proxy.cut(/^COMMIT$/, "after");
    const response = await insert(name);
    expect(proxy.pending, "the fault fired").toBe(false);
    await expectUnavailable(response);
    expect(await rowsWith(name)).toBe(1);
    expect(await retries({})).toBe(before);
  });

  it("is never repeated when it died while COMMIT was being sent: 503, and nothing was written", async () => {
    const before = await retries({});
    const name = key();
    proxy.cut(/^COMMIT$/, "before");
    const response = await insert(name);
    expect(proxy.pending, "the fault fired").toBe(false);
    await expectUnavailable(response);
    expect(await rowsWith(name)).toBe(0);
    expect(await retries({})).toBe(before);
  });
});

describe("a statement PostgreSQL cancels (statement_timeout)", () => {
  it("is a 503 with Retry-After, not a 500, and is not retried", async () => {
    const before = await retries({});
    await expectUnavailable(await fetch(`${app.baseUrl}/probe/statement-timeout`));
    expect(await retries({})).toBe(before);
  });
});

describe("the happy path", () => {
  it("sends BEGIN, the work and COMMIT, nothing more, and leaves the pool healthy after the faults", async () => {
    const name = key();
    const seen = proxy.record();
    expect((await fetch(`${app.baseUrl}/probe/marked-read?marker=${name}`)).status).toBe(200);
    // A read's COMMIT may leave after its answer: it is held until the end of the turn (decision 0103).
    await waitFor(async () => seen().length >= 3, 2000, 10);
    expect(seen()).toEqual(["BEGIN READ ONLY", `SELECT 'read_${name}' AS marker`, "COMMIT"]);
    const metrics = await (await fetch(app.metricsUrl)).text();
    expect(metricSum(metrics, "db_pool_connections", { pool: "primary", state: "total" })).toBeLessThanOrEqual(10);
  });
});
