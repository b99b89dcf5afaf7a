// What the platform hands to the API and its features: the config, the logger, the metrics, the database, Redis
// when configured, and named rate limiters. The API adds its own pieces (access tokens, the cache store) in
// app/api/api-context.ts.
import type { Redis } from "ioredis";
import type { AppConfig } from "./config/app-config.js";
import type { Database } from "./platform/database/database.js";
import type { Logger } from "./platform/logging/logger.js";
import type { Metrics } from "./platform/metrics/metrics.js";
import type { LimitRule, NamedLimiter } from "./platform/rate-limit/rate-limiter.js";

export interface PlatformServices {
  config: AppConfig;
  log: Logger;
  metrics: Metrics;
  database: Database;
  redis?: Redis;
  createLimiter(name: string, rule: LimitRule): NamedLimiter;
}
