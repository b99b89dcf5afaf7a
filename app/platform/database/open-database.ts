// Turns the database configuration into running pools (and, in embedded mode, the PGlite server behind them),
// applying migrations first when configured to.
import type pg from "pg";
import type { DatabaseConfig, DatabaseEndpoint, MigrationCredentials } from "../../config/app-config.js";
import type { Logger } from "../logging/logger.js";
import type { Metrics } from "../metrics/metrics.js";
import { Database } from "./database.js";
import type { EmbeddedPostgres } from "./embedded-postgres.js";
import { migrateToLatest } from "./migrations.js";
import { createPasswordResolver } from "./password-source.js";
import { createPool, type PoolTarget } from "./pool-factory.js";

export interface OpenedDatabase {
  database: Database;
  close(): Promise<void>;
}

/** Pools the embedded server must be able to serve at once: the primary pool plus the migration client. */
export function embeddedConnectionBudget(config: DatabaseConfig): number {
  return config.poolMax + 2;
}

export async function openDatabase(config: DatabaseConfig, log: Logger, metrics: Metrics): Promise<OpenedDatabase> {
  let embedded: EmbeddedPostgres | undefined;
  let primaryTarget: PoolTarget;
  let replicaEndpoints: DatabaseEndpoint[] = [];
  if (config.kind === "embedded") {
    // Loaded only here: production never pays for PGlite's WASM build.
    const { startEmbeddedPostgres } = await import("./embedded-postgres.js");
    embedded = await startEmbeddedPostgres(config.dataDir, embeddedConnectionBudget(config));
    log.warn(
      { dataDir: config.dataDir, endpoint: embedded.endpoint, maxConnections: embeddedConnectionBudget(config) },
      "no DATABASE_URL: running on the embedded PGlite database (development only; no replicas, statement_timeout not enforced)",
    );
    primaryTarget = { name: "primary", endpoint: embedded.endpoint, database: "postgres", user: "postgres" };
  } else {
    primaryTarget = { name: "primary", endpoint: config.primary, database: config.database, user: config.user };
    replicaEndpoints = config.replicas;
  }
  const password = config.kind === "external" ? config.password : ({ kind: "none" } as const);
  const deps = { config, password, log, onConnectionError: (pool: string) => metrics.poolErrors.inc({ pool }) };
  const primary = createPool(primaryTarget, deps);
  const replicas = replicaEndpoints.map((endpoint, index) => {
    const name = `replica-${index}`;
    return { name, pool: createPool({ ...primaryTarget, name, endpoint }, deps) };
  });
  const database = new Database(primary, replicas, { replicaRetryMs: config.replicaRetryMs, metrics, log });
  const close = async () => {
    await database.close();
    await embedded?.stop();
  };
  try {
    if (config.migrateOnStart)
      await migrateToLatest(
        migrationConnection(primary, config.kind === "external" ? config.migration : undefined),
        log,
      );
  } catch (error) {
    await close();
    throw error;
  }
  return { database, close };
}

/**
 * The migration client connects like the primary pool (same host, database and TLS), as the owner when its
 * credentials are configured: the app's own role may not change the schema.
 */
export function migrationConnection(primary: pg.Pool, owner?: MigrationCredentials): pg.ClientConfig {
  const { host, port, database, ssl } = primary.options;
  const credentials = owner
    ? { user: owner.user, password: createPasswordResolver(owner.password) }
    : { user: primary.options.user, password: primary.options.password };
  return { host, port, database, ssl, ...credentials, connectionTimeoutMillis: 10_000 } as pg.ClientConfig;
}
