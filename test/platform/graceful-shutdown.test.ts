// SIGTERM under keep-alive load through a simulated load balancer: the real process drains, fails no request
// and exits 0 within its stop budget. The same load against a naive server.close() fails (negative control).
import { afterEach, describe, expect, inject, it } from "vitest";
import { freePort, spawnEntry, waitUntilReady, type AppProcess } from "../support/app-process.js";
import { runLoadThroughBalancer, startStandbyTarget } from "../support/simulated-load-balancer.js";

const drainSeconds = 2;
const requestTimeoutSeconds = 3;
const stopBudgetMs = (drainSeconds + requestTimeoutSeconds) * 1000 + 2000;

let running: AppProcess | undefined;
afterEach(() => {
  running?.child.kill("SIGKILL");
  running = undefined;
});

async function sigtermUnderLoad(entry: string) {
  const port = await freePort();
  running = spawnEntry(entry, {
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: String(port),
    METRICS_PORT: String(await freePort()),
    DATABASE_URL: inject("databaseUrl"),
    REDIS_URL: inject("redisUrl"),
    REDIS_KEY_PREFIX: inject("redisKeyPrefix"),
    JWT_SECRET: "graceful-shutdown-test-secret-0123456789",
    RATE_LIMIT_POINTS: "1000000",
    SHUTDOWN_DRAIN_SECONDS: String(drainSeconds),
    REQUEST_TIMEOUT_SECONDS: String(requestTimeoutSeconds),
    LOG_LEVEL: "warn",
  });
  const current = running;
  await waitUntilReady(port, 15_000);
  const standby = await startStandbyTarget();
  let signalledAt = 0;
  setTimeout(() => {
    signalledAt = Date.now();
    current.child.kill("SIGTERM");
  }, 1000);
  const load = await runLoadThroughBalancer({
    targetPort: port,
    standbyPort: standby.port,
    path: "/live",
    concurrency: 8,
    durationMs: 1000 + drainSeconds * 1000 + 2500,
    maxRequests: 40_000,
    healthIntervalMs: 200,
    unhealthyThreshold: 2,
    isDraining: () => signalledAt > 0,
  });
  const budget = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), stopBudgetMs));
  const exit = await Promise.race([current.exited, budget]);
  await standby.close();
  return { load, exit, signalledAt, output: current.output() };
}

describe("graceful shutdown behind a keep-alive load balancer", () => {
  it("fails no request and exits 0 within the stop budget", async () => {
    const { load, exit, signalledAt, output } = await sigtermUnderLoad("app/main.ts");
    console.info(
      `graceful: ${load.failed} of ${load.sent} failed, ${load.servedByTargetWhileDraining} served while draining, exit ${exit?.code} after ${(exit?.at ?? 0) - signalledAt} ms`,
    );
    expect(load.failures, output).toEqual([]);
    expect(load.failed).toBe(0);
    expect(load.servedByTarget).toBeGreaterThan(100);
    // The drain kept serving after SIGTERM until the balancer moved away.
    expect(load.servedByTargetWhileDraining).toBeGreaterThan(0);
    expect(exit?.code).toBe(0);
    expect((exit?.at ?? Infinity) - signalledAt).toBeLessThan(stopBudgetMs);
  }, 30_000);

  it("negative control: a naive server.close() fails requests or never exits", async () => {
    const { load, exit } = await sigtermUnderLoad("test/support/naive-shutdown-main.ts");
    const exitedCleanlyInBudget = exit?.code === 0;
    console.info(
      `naive: ${load.failed} of ${load.sent} failed (${load.failures.join("; ")}), exit ${exit?.code ?? "none in budget"}`,
    );
    expect(load.failed > 0 || !exitedCleanlyInBudget).toBe(true);
  }, 30_000);
});
