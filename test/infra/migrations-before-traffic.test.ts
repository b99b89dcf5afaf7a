// Decision 0020: migrations run at task start under a PostgreSQL advisory lock and the app listens (so /ready
// passes) only afterwards. What infra must hold for that to be safe is checked here, on both stacks.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appMigrationLockTimeoutSeconds, minStartupSeconds } from "../../infra/service/task-sizing.js";
import { recordedStack, stackNames } from "./harness/recorded-stacks.js";
import { repoRoot } from "./harness/stack-harness.js";
import { input, one } from "./harness/stack-queries.js";
import { container, envOf } from "./harness/task-queries.js";

describe("the app's migration lock", () => {
  it("waits no longer than the start-up allowance infra plans for", () => {
    const source = readFileSync(path.join(repoRoot, "app/platform/database/migrations.ts"), "utf8");
    const lockTimeout = /lock_timeout = '(\d+)s'/.exec(source)?.[1];
    expect(lockTimeout, "app/platform/database/migrations.ts no longer sets lock_timeout in seconds: update infra/service/task-sizing.ts").toBeDefined();
    expect(Number(lockTimeout)).toBeLessThanOrEqual(appMigrationLockTimeoutSeconds);
    expect(source).toContain("pg_advisory_lock");
  });
});

describe.each(stackNames)("%s stack: migrations finish before a new version serves", (stack) => {
  it("migrates at start", async () => {
    expect(envOf(container(await recordedStack(stack), "api")).MIGRATE_ON_START).toBe("true");
  });

  it("spares a starting task from load balancer and liveness checks for longer than the lock wait plus migrations", async () => {
    const run = await recordedStack(stack);
    const grace = Number(input(one(run, "aws:ecs/service:Service"), "healthCheckGracePeriodSeconds"));
    expect(grace).toBeGreaterThanOrEqual(minStartupSeconds);
    const health = (container(run, "api") as unknown as { healthCheck: { startPeriod: number } }).healthCheck;
    expect(health.startPeriod).toBe(Math.min(grace, 300));
    expect(health.startPeriod).toBeGreaterThanOrEqual(minStartupSeconds);
  });

  it("keeps the old version serving until new tasks pass /ready, and rolls back a version whose start fails", async () => {
    const run = await recordedStack(stack);
    const service = one(run, "aws:ecs/service:Service");
    expect(input(service, "deploymentMinimumHealthyPercent")).toBe(100);
    expect(input(service, "deploymentCircuitBreaker")).toEqual({ enable: true, rollback: true });
    expect(input<{ path: string }>(one(run, "aws:lb/targetGroup:TargetGroup"), "healthCheck").path).toBe("/ready");
  });
});
