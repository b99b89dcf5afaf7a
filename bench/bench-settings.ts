// The benchmark's settings, from the environment. Run lengths are settings so that a quick run (a minute or two)
// and the full one measure the same things. The services must be real: a measurement of production needs the
// PostgreSQL and Redis production uses.
import { randomUUID } from "node:crypto";

export interface BenchSettings {
  databaseUrl: string;
  redisUrl: string;
  redisKeyPrefix: string;
  jwtSecret: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  rounds: number;
  slices: number;
  poolMax: number;
  seededCases: number;
  coldStarts: number;
  memorySeconds: number;
  /** Pair names to measure (live, read, list, write); all when unset. */
  only: string[] | undefined;
  cpuProfileDir: string | undefined;
}

function number(environment: NodeJS.ProcessEnv, key: string, fallback: number, min: number): number {
  const raw = environment[key];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${key}: must be a number >= ${min}, got "${raw}"`);
  return value;
}

function required(environment: NodeJS.ProcessEnv, key: string): string {
  const value = environment[key];
  if (!value) throw new Error(`${key}: required (the benchmark measures the API on real PostgreSQL and Redis)`);
  return value;
}

export function benchSettings(environment: NodeJS.ProcessEnv, jwtSecret: string): BenchSettings {
  return {
    databaseUrl: required(environment, "DATABASE_URL"),
    redisUrl: required(environment, "REDIS_URL"),
    // Each run's rate-limit counters and caches are its own, whatever else shares the Redis.
    redisKeyPrefix: `bench-${randomUUID().slice(0, 8)}:`,
    jwtSecret,
    connections: number(environment, "BENCH_CONNECTIONS", 32, 1),
    seconds: number(environment, "BENCH_SECONDS", 10, 1),
    warmupSeconds: number(environment, "BENCH_WARMUP_SECONDS", 2, 0),
    rounds: number(environment, "BENCH_ROUNDS", 1, 1),
    slices: number(environment, "BENCH_SLICES", 3, 1),
    poolMax: number(environment, "DATABASE_POOL_MAX", 10, 1),
    seededCases: 60,
    coldStarts: number(environment, "BENCH_COLD_STARTS", 3, 1),
    memorySeconds: number(environment, "BENCH_MEMORY_SECONDS", 60, 0),
    only: environment.BENCH_ONLY ? environment.BENCH_ONLY.split(",").map((name) => name.trim()) : undefined,
    cpuProfileDir: environment.BENCH_CPU_PROF_DIR || undefined,
  };
}
