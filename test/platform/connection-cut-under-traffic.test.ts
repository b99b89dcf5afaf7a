// The database connection cut again and again while requests run transactions: the process must survive (503s
// while it is cut, 200s after), not die of an unhandled 'error' event on a checked-out pg client. Found by the
// monitoring end-to-end test; this is the real process, as production runs it, behind a proxy this test controls.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiClient } from "../support/api-client.js";
import { signUp } from "../support/api-world.js";
import { freePort, spawnEntry, waitUntilReady, type AppProcess } from "../support/app-process.js";
import { TcpProxy } from "../support/tcp-proxy.js";

describe("database connections cut under traffic", { timeout: 90_000 }, () => {
  const proxy = TcpProxy.forUrl(inject("databaseUrl"), 5432);
  let app: AppProcess;
  let port = 0;
  beforeAll(async () => {
    await proxy.start();
    port = await freePort();
    app = spawnEntry("app/main.ts", {
      NODE_ENV: "test",
      HOST: "127.0.0.1",
      PORT: String(port),
      METRICS_PORT: String(await freePort()),
      LOG_LEVEL: "warn",
      DATABASE_URL: proxy.urlFor(inject("databaseUrl")),
      DATABASE_CONNECT_TIMEOUT_MS: "500",
      REDIS_URL: inject("redisUrl"),
      REDIS_KEY_PREFIX: inject("redisKeyPrefix"),
      JWT_SECRET: "test-secret-that-is-long-enough-for-hs256-000",
      RATE_LIMIT_POINTS: "1000000",
      SIGNUP_LIMIT_PER_ADDRESS: "1000000",
      SHUTDOWN_DRAIN_SECONDS: "0",
    });
    await waitUntilReady(port, 40_000);
  });
  afterAll(async () => {
    app?.child.kill("SIGKILL");
    await proxy.stop();
  });

  it("keeps the process alive through five cuts and serves again after each", async () => {
    const base = `http://127.0.0.1:${port}`;
    const owner = await signUp(new ApiClient(base), "cut");
    const client = new ApiClient(base, owner.accessToken);
    let running = true;
    const statuses: number[] = [];
    const loops = [0, 1, 2, 3].map(async () => {
      while (running) statuses.push((await client.get("/cases").catch(() => ({ status: 0 }))).status);
    });
    for (let cut = 0; cut < 5; cut++) {
      await sleep(800);
      await proxy.stop();
      await sleep(800);
      await proxy.start();
    }
    await sleep(1000);
    running = false;
    await Promise.all(loops);
    expect(app.child.exitCode, app.output().slice(-2000)).toBeNull();
    expect(statuses).toContain(503);
    expect((await client.get("/cases")).status).toBe(200);
    expect(statuses.filter((s) => s === 0)).toEqual([]);
  });
});
