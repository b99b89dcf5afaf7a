// PostgreSQL going away: the primary (refused or black-holed) and a replica, each behind a proxy this test
// controls, so the shared server stays up for the other tests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { startTestApp, type AppUnderTest } from "../support/app-under-test.js";
import { probeRoutes } from "../support/probe-routes.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { metricValue, waitFor } from "../support/polling.js";

const connectTimeoutMs = 800;
const statementTimeoutMs = 500;

describe("when the primary stops", () => {
  const proxy = TcpProxy.forUrl(inject("databaseUrl"), 5432);
  let app: AppUnderTest;
  beforeAll(async () => {
    await proxy.start();
    app = await startTestApp(
      {
        DATABASE_URL: proxy.urlFor(inject("databaseUrl")),
        DATABASE_CONNECT_TIMEOUT_MS: String(connectTimeoutMs),
        DATABASE_STATEMENT_TIMEOUT_MS: String(statementTimeoutMs),
      },
      probeRoutes,
    );
  });
  afterAll(async () => {
    await app?.stop();
    await proxy.stop();
  });

  it("turns /ready to 503 and API requests to 503 at once when connections are refused", async () => {
    await proxy.stop();
    const started = performance.now();
    expect((await fetch(`${app.baseUrl}/ready`)).status).toBe(503);
    const read = await fetch(`${app.baseUrl}/probe/read`);
    expect(read.status).toBe(503);
    expect(await read.json()).toMatchObject({ code: "service_unavailable" });
    expect(read.headers.get("retry-after")).toBe("5");
    expect(performance.now() - started).toBeLessThan(connectTimeoutMs);
    expect((await fetch(`${app.baseUrl}/live`)).status).toBe(200);
  });

  it("recovers by itself when the primary returns", async () => {
    await proxy.start();
    await waitFor(async () => (await fetch(`${app.baseUrl}/ready`)).status === 200, 5000);
    expect((await fetch(`${app.baseUrl}/probe/read`)).status).toBe(200);
  });

  it("answers 503 within the timeouts when the primary becomes a black hole, without hanging", async () => {
    // Warm the pool so that both an established connection and a new one meet the black hole.
    expect((await fetch(`${app.baseUrl}/probe/read`)).status).toBe(200);
    proxy.stall();
    try {
      const started = performance.now();
      const responses = await Promise.all([
        fetch(`${app.baseUrl}/ready`),
        fetch(`${app.baseUrl}/probe/read`),
        fetch(`${app.baseUrl}/probe/read`),
      ]);
      const elapsed = performance.now() - started;
      expect(responses.map((response) => response.status)).toEqual([503, 503, 503]);
      expect(elapsed).toBeLessThan(statementTimeoutMs + 1000 + connectTimeoutMs);
    } finally {
      proxy.resume();
    }
    await waitFor(async () => (await fetch(`${app.baseUrl}/ready`)).status === 200, 5000);
  });
});

describe("when a replica stops", () => {
  const replica = TcpProxy.forUrl(inject("databaseUrl"), 5432);
  let app: AppUnderTest;
  beforeAll(async () => {
    await replica.start();
    app = await startTestApp(
      { DATABASE_REPLICA_HOSTS: `127.0.0.1:${replica.port}`, DATABASE_REPLICA_RETRY_SECONDS: "1" },
      probeRoutes,
    );
  });
  afterAll(async () => {
    await app?.stop();
    await replica.stop();
  });

  const readPool = async () => {
    const response = await fetch(`${app.baseUrl}/probe/read`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { pool: string }).pool;
  };

  it("serves stale-tolerant reads from the replica, and a request that wrote from the primary", async () => {
    expect(await readPool()).toBe("rusty-saas-api:replica-0");
    const afterWrite = (await (await fetch(`${app.baseUrl}/probe/write-then-read`, { method: "POST" })).json()) as {
      pool: string;
    };
    expect(afterWrite.pool).toBe("rusty-saas-api:primary");
  });

  it("keeps every read working on the primary, counted, while the replica is down", async () => {
    await replica.stop();
    const pools = [];
    for (let index = 0; index < 30; index += 1) pools.push(await readPool());
    expect(new Set(pools)).toEqual(new Set(["rusty-saas-api:primary"]));
    const metrics = await (await fetch(app.metricsUrl)).text();
    expect(metricValue(metrics, 'db_replica_fallbacks_total{pool="replica-0"}')).toBeGreaterThanOrEqual(30);
    const health = await (await fetch(`${app.baseUrl}/health`)).json();
    expect(health).toMatchObject({ status: "degraded" });
    expect((await fetch(`${app.baseUrl}/ready`)).status).toBe(200);
  });

  it("returns to the replica after the retry period", async () => {
    await replica.start();
    await waitFor(async () => (await readPool()) === "rusty-saas-api:replica-0", 5000);
  });
});
