// Starts the real API in-process on ports the OS picks, against the run's PostgreSQL database and Redis,
// with every log line captured for assertions.
import { Writable } from "node:stream";
import type Router from "@koa/router";
import { inject } from "vitest";
import { loadConfig } from "../../app/config/load-config.js";
import type { AppState } from "../../app/platform/http/app-state.js";
import { createLogger } from "../../app/platform/logging/logger.js";
import type { PlatformServices } from "../../app/platform-services.js";
import { startApp, type RunningApp } from "../../app/start-app.js";

export interface AppUnderTest extends RunningApp {
  baseUrl: string;
  metricsUrl: string;
  logs: string[];
  stop(): Promise<void>;
}

export function testEnvironment(
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: "0",
    METRICS_PORT: "0",
    LOG_LEVEL: "info",
    // As on ECS: the app's own role at run time, the owner for the migration step only.
    DATABASE_URL: inject("databaseAppUrl"),
    DATABASE_MIGRATION_USER: new URL(inject("databaseUrl")).username,
    DATABASE_MIGRATION_PASSWORD: decodeURIComponent(new URL(inject("databaseUrl")).password),
    REDIS_URL: inject("redisUrl"),
    REDIS_KEY_PREFIX: inject("redisKeyPrefix"),
    JWT_SECRET: "test-secret-that-is-long-enough-for-hs256-000",
    SHUTDOWN_DRAIN_SECONDS: "0",
    // Test files share one Redis and one client address: the global limit is exercised by its own test.
    RATE_LIMIT_POINTS: "1000000",
    SIGNUP_LIMIT_PER_ADDRESS: "1000000",
    LOGIN_LIMIT_PER_ADDRESS: "1000000",
    ...overrides,
  };
}

export async function startTestApp(
  overrides: Record<string, string | undefined> = {},
  routers?: (services: PlatformServices) => Router<AppState>[],
): Promise<AppUnderTest> {
  const config = loadConfig(testEnvironment(overrides));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  const running = await startApp(config, createLogger(config.log.level, sink), routers ? { routers } : {});
  return {
    ...running,
    baseUrl: `http://127.0.0.1:${running.port}`,
    metricsUrl: `http://127.0.0.1:${running.metricsPort}/metrics`,
    logs,
    stop: () => running.shutdown(),
  };
}
