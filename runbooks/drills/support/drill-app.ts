// The real API, started in-process by a drill against a database URL, configured as production runs it
// (NODE_ENV=production, migrations at start), on ports the OS picks. Its log lines are kept, not printed: a drill's
// stdout is its figures; on failure the command prints the tail of these lines to stderr.
import { Writable } from "node:stream";
import { loadConfig } from "../../../app/config/load-config.js";
import { createLogger } from "../../../app/platform/logging/logger.js";
import { startApp } from "../../../app/start-app.js";

export interface DrillApp {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Every app a drill starts shares this key, so a token from before a restore still works after it. */
export const drillJwtSecret = "drill-signing-key-long-enough-for-hs256-0000";

const appLog: string[] = [];

/** The last lines any drill app logged (for failure reports). */
export function recentAppLog(lines = 20): string[] {
  return appLog.slice(-lines);
}

/**
 * As production connects (decision 0091): the app as its own login role `rusty_api` (made by the migrations; the
 * scratch clusters trust loopback, so it needs no password), the owner of `ownerUrl` for the migration step only.
 */
export function drillDatabaseSettings(ownerUrl: string): Record<string, string> {
  const owner = new URL(ownerUrl);
  const app = new URL(ownerUrl);
  app.username = "rusty_api";
  app.password = "";
  return {
    DATABASE_URL: app.toString(),
    DATABASE_MIGRATION_USER: decodeURIComponent(owner.username),
    ...(owner.password ? { DATABASE_MIGRATION_PASSWORD: decodeURIComponent(owner.password) } : {}),
  };
}

export async function startDrillApp(databaseUrl: string): Promise<DrillApp> {
  const config = loadConfig({
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: "0",
    METRICS_PORT: "0",
    LOG_LEVEL: "warn",
    ...drillDatabaseSettings(databaseUrl),
    DATABASE_POOL_MAX: "4",
    DATABASE_CONNECT_TIMEOUT_MS: "5000",
    DATABASE_STATEMENT_TIMEOUT_MS: "30000",
    JWT_SECRET: drillJwtSecret,
    SHUTDOWN_DRAIN_SECONDS: "0",
    // One client address makes every request of a drill: the limits are not what a drill rehearses.
    RATE_LIMIT_POINTS: "1000000",
    SIGNUP_LIMIT_PER_ADDRESS: "1000000",
    LOGIN_LIMIT_PER_ADDRESS: "1000000",
    LOGIN_LIMIT_PER_ACCOUNT: "1000000",
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      appLog.push(...chunk.toString().split("\n").filter(Boolean));
      if (appLog.length > 500) appLog.splice(0, appLog.length - 500);
      done();
    },
  });
  const running = await startApp(config, createLogger(config.log.level, sink));
  return { baseUrl: `http://127.0.0.1:${running.port}`, stop: () => running.shutdown() };
}
