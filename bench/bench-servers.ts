// The two servers the benchmark measures: a bare Koa hello-world (the baseline every figure is divided by) and
// the whole API, both in this process so they share the same runtime; autocannon fires from a worker thread.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import Koa from "koa";
import pino from "pino";
import { loadConfig } from "../app/config/load-config.js";
import { createLogger } from "../app/platform/logging/logger.js";
import { startApp } from "../app/start-app.js";

export interface RunningServer {
  url: string;
  describe: string;
  stop(): Promise<void>;
}

export async function startBaseline(): Promise<RunningServer> {
  const app = new Koa();
  app.use((ctx) => {
    ctx.body = "hello world";
  });
  const server = await new Promise<http.Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    describe: "bare Koa",
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The API exactly as `npm start` assembles it, on DATABASE_URL / REDIS_URL when set, otherwise on the embedded
 * database (in a throw-away folder) with limits and caches in memory. Request logs are written, to /dev/null,
 * because their cost is part of every production request.
 */
export async function startApiForBench(environment: NodeJS.ProcessEnv): Promise<RunningServer> {
  const external = Boolean(environment.DATABASE_URL);
  const scratch = external ? undefined : mkdtempSync(path.join(tmpdir(), "rusty-bench-"));
  const config = loadConfig({
    NODE_ENV: external ? "production" : "development",
    HOST: "127.0.0.1",
    PORT: "0",
    METRICS_PORT: "0",
    LOG_LEVEL: environment.LOG_LEVEL ?? "info",
    DATABASE_URL: environment.DATABASE_URL,
    // As production: the app as rusty_api in DATABASE_URL, the owner for the migrations (decision 0091).
    DATABASE_MIGRATION_USER: environment.DATABASE_MIGRATION_USER,
    DATABASE_MIGRATION_PASSWORD: environment.DATABASE_MIGRATION_PASSWORD,
    DATABASE_POOL_MAX: environment.DATABASE_POOL_MAX,
    REDIS_URL: environment.REDIS_URL,
    EMBEDDED_DATABASE_DIR: scratch,
    JWT_SECRET: randomBytes(32).toString("base64url"),
    // One client address fires everything: the limits would measure themselves, not the API. The limiter still
    // runs (and still costs its Redis round trip) on every request.
    RATE_LIMIT_POINTS: "1000000",
    RATE_LIMIT_WINDOW_SECONDS: "1",
    SIGNUP_LIMIT_PER_ADDRESS: "1000000",
    LOGIN_LIMIT_PER_ADDRESS: "1000000",
    SHUTDOWN_DRAIN_SECONDS: "0",
  });
  const log = createLogger(config.log.level, pino.destination({ dest: "/dev/null", sync: false }));
  const running = await startApp(config, log);
  return {
    url: `http://127.0.0.1:${running.port}`,
    describe: external ? "PostgreSQL + " + (config.redis ? "Redis" : "memory limits") : "embedded PGlite + memory",
    async stop() {
      await running.shutdown();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}
