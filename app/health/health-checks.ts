// Probes of every dependency, each bounded in time, for /ready and /health.
import type { Redis } from "ioredis";
import type { Database } from "../platform/database/database.js";

export interface DependencyStatus {
  name: string;
  ok: boolean;
  latencyMs: number;
  error?: string;
  /** A degraded dependency (replica, cache) does not make the API unready. */
  critical: boolean;
}

export interface HealthDependencies {
  database: Database;
  redis?: Redis;
  embeddedDatabase: boolean;
}

export async function checkPrimary(database: Database): Promise<DependencyStatus> {
  return probe("postgres-primary", true, () => database.pingPrimary());
}

export async function checkAll(deps: HealthDependencies): Promise<DependencyStatus[]> {
  const [primary, replicas, redis] = await Promise.all([
    checkPrimary(deps.database),
    Promise.all(
      deps.database
        .replicaPools()
        .map(({ name, pool }) => probe(`postgres-${name}`, false, () => pool.query("SELECT 1"))),
    ),
    deps.redis ? probe("redis", false, () => (deps.redis as Redis).ping()) : Promise.resolve(undefined),
  ]);
  return [primary, ...replicas, ...(redis ? [redis] : [])];
}

async function probe(name: string, critical: boolean, run: () => Promise<unknown>): Promise<DependencyStatus> {
  const started = performance.now();
  try {
    await run();
    return { name, ok: true, critical, latencyMs: elapsed(started) };
  } catch (error) {
    return { name, ok: false, critical, latencyMs: elapsed(started), error: errorCode(error) };
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

/** Only the error's code reaches /health: messages can carry internal addresses. */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" ? code : "unavailable";
}
