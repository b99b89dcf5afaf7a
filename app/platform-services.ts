// What the platform hands to features: the database, the cache store, limiters, the logger and the config.
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
