// Builds and starts the whole API from a validated configuration: database (embedded or external, migrated),
// Redis or memory, limiters, the Koa app, the API and metrics servers. Used by serve.ts and by the tests.
import type http from "node:http";
import type Router from "@koa/router";
import type { Redis } from "ioredis";
import { createApiRouters } from "./api-routes.js";
import type { AppConfig } from "./config/app-config.js";
import { healthRoutes } from "./health/health-routes.js";
import { checkAppRole } from "./platform/database/app-role-check.js";
import { isConnectionError } from "./platform/database/connection-errors.js";
import { openDatabase } from "./platform/database/open-database.js";
import type { AppState } from "./platform/http/app-state.js";
import { createApp } from "./platform/http/create-app.js";
import { DrainState } from "./platform/http/draining.js";
import { closeServer, createApiServer, drainAndClose, listen } from "./platform/lifecycle/http-servers.js";
import type { Logger } from "./platform/logging/logger.js";
import { createMetrics, type PoolStats } from "./platform/metrics/metrics.js";
import { createMetricsServer } from "./platform/metrics/metrics-server.js";
import { createLimiter, type LimitRule } from "./platform/rate-limit/rate-limiter.js";
import { createRedisClient, waitUntilReady } from "./platform/redis/redis-client.js";
import type { PlatformServices } from "./platform-services.js";

export interface RunningApp {
  apiServer: http.Server;
  port: number;
  metricsPort: number;
  services: PlatformServices;
  drain: DrainState;
  /** Graceful stop: drain window, close, bounded in-flight work, then pools and Redis. */
  shutdown(): Promise<void>;
}

export interface StartOptions {
  /** Replaces the API routers (tests mount probes of their own; production uses createApiRouters). */
  routers?: (services: PlatformServices) => Router<AppState>[];
}

export async function startApp(config: AppConfig, log: Logger, options: StartOptions = {}): Promise<RunningApp> {
  const startedAt = Date.now();
  let poolStats: () => PoolStats[] = () => [];
  const metrics = createMetrics(() => poolStats());
  const opened = await openDatabase(config.database, log, metrics);
  const { database } = opened;
  try {
    if (config.database.kind === "external")
      await checkAppRole(database.primary, { production: config.env === "production", log });
  } catch (error) {
    if (!isConnectionError(error)) {
      await opened.close();
      throw error;
    }
    // Unreachable now: /ready says so, and the check runs again at the next start.
    log.warn({ err: { message: (error as Error).message } }, "could not check the database user's privileges");
  }
  poolStats = () => database.poolStats();
  const redis: Redis | undefined = config.redis ? createRedisClient(config.redis, log, metrics) : undefined;
  if (!redis) log.warn("no REDIS_URL: rate limits and caches are kept in this process's memory");
  else if (!(await waitUntilReady(redis, 2000)))
    log.warn("redis not ready at start; serving anyway with the store-down policy");
  if (config.auth.jwtSecretGenerated)
    log.warn("no JWT_SECRET: signing with a random key; tokens end with this process");
  const limiterOptions = {
    ...(redis ? { redis } : {}),
    storeDownPolicy: config.rateLimit.storeDownPolicy,
    metrics,
    log,
  };
  const services: PlatformServices = {
    config,
    log,
    metrics,
    database,
    ...(redis ? { redis } : {}),
    createLimiter: (name: string, rule: LimitRule) => createLimiter(name, rule, limiterOptions),
  };
  const drain = new DrainState();
  const app = createApp({
    config,
    log,
    metrics,
    database,
    drain,
    globalLimiter: services.createLimiter("global", {
      points: config.rateLimit.points,
      durationSeconds: config.rateLimit.windowSeconds,
    }),
    probeRouter: healthRoutes({
      database,
      ...(redis ? { redis } : {}),
      embeddedDatabase: config.database.kind === "embedded",
      drain,
      startedAt,
    }),
    routers: (options.routers ?? createApiRouters)(services),
  });
  const apiServer = createApiServer(app.callback(), config.http);
  const metricsServer = createMetricsServer(metrics.registry, log);
  const port = await listen(apiServer, config.http.port, config.http.host);
  const metricsPort = await listen(metricsServer, config.http.metricsPort, config.http.host);
  log.info(
    { port, metricsPort, database: config.database.kind, rateLimitStore: redis ? "redis" : "memory" },
    "listening",
  );

  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= (async () => {
      await drainAndClose(apiServer, {
        drain,
        drainMs: config.shutdown.drainMs,
        requestTimeoutMs: config.shutdown.requestTimeoutMs,
        log,
      });
      await closeServer(metricsServer);
      await Promise.allSettled([opened.close(), redis?.quit()]);
      log.info("stopped");
    })());
  return { apiServer, port, metricsPort, services, drain, shutdown };
}
