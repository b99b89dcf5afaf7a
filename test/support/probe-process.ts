// Starts test/support/probe-app-main.ts (the API plus probe routes) as a real process against the run's
// PostgreSQL and Redis, on free ports.
import { inject } from "vitest";
import { freePort, spawnEntry, waitUntilReady, type AppProcess } from "./app-process.js";

export interface ProbeProcess extends AppProcess {
  port: number;
  baseUrl: string;
  metricsUrl: string;
}

export async function startProbeProcess(overrides: Record<string, string> = {}): Promise<ProbeProcess> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const started = spawnEntry("test/support/probe-app-main.ts", {
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    DATABASE_URL: inject("databaseUrl"),
    REDIS_URL: inject("redisUrl"),
    REDIS_KEY_PREFIX: inject("redisKeyPrefix"),
    JWT_SECRET: "probe-process-test-secret-0123456789abcdef",
    RATE_LIMIT_POINTS: "1000000",
    SIGNUP_LIMIT_PER_ADDRESS: "1000000",
    SHUTDOWN_DRAIN_SECONDS: "0",
    LOG_LEVEL: "warn",
    ...overrides,
  });
  try {
    await waitUntilReady(port, 20_000);
  } catch (error) {
    started.child.kill("SIGKILL");
    throw new Error(`the probe process did not become ready: ${(error as Error).message}\n${started.output()}`);
  }
  return {
    ...started,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
  };
}
