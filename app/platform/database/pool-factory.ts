// One pg Pool per database endpoint, all with the same safety settings: bounded connect time, statement and
// idle-in-transaction timeouts, a maximum connection lifetime, an application_name and error listeners on idle
// connections and on the connections requests hold.
import { readFileSync } from "node:fs";
import pg from "pg";
import type { DatabaseConfig, DatabaseEndpoint } from "../../config/app-config.js";
import type { Logger } from "../logging/logger.js";
import { invalidPasswordCode } from "./connection-errors.js";
import type { PasswordResolver } from "./password-source.js";

export interface PoolTarget {
  name: string;
  endpoint: DatabaseEndpoint;
  database: string;
  user: string;
}

export interface PoolDependencies {
  config: DatabaseConfig;
  password: PasswordResolver;
  log: Logger;
  onConnectionError: (poolName: string) => void;
}

export function createPool(target: PoolTarget, deps: PoolDependencies): pg.Pool {
  const { config } = deps;
  const pool = new pg.Pool({
    host: target.endpoint.host,
    port: target.endpoint.port,
    database: target.database,
    user: target.user,
    password: deps.password,
    ssl: sslOptions(config),
    max: config.poolMax,
    connectionTimeoutMillis: config.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    maxLifetimeSeconds: config.maxLifetimeSeconds,
    statement_timeout: config.statementTimeoutMs,
    // The server enforces statement_timeout; this client-side bound covers a server that stopped answering.
    query_timeout: config.statementTimeoutMs + 1000,
    idle_in_transaction_session_timeout: config.idleInTransactionTimeoutMs,
    application_name: `rusty-saas-api:${target.name}`,
    keepAlive: true,
    // Statements are sent without waiting for the previous answer; see transaction-runner.ts (decision 0100).
    pipeline: true,
  });
  // An 'error' event without a listener ends the process. The pool listens on its idle connections only; while a
  // request holds a connection, PostgreSQL ending it (57P01 on a failover, a restart, pg_terminate_backend) or a
  // reset arrives as an 'error' on that client between two statements. That one is heard here; the request
  // then meets a client pg marked unusable, and the broken client is discarded when released.
  const onHeldError = (error: Error & { code?: string }) => {
    deps.onConnectionError(target.name);
    deps.log.warn(
      { pool: target.name, err: { message: error.message, code: error.code } },
      "database connection failed while a request held it",
    );
  };
  pool.on("acquire", (client) => client.on("error", onHeldError));
  pool.on("release", (_error, client) => client.off("error", onHeldError));
  pool.on("error", (error: Error & { code?: string }) => {
    if (error.code === invalidPasswordCode) deps.password.invalidate();
    deps.onConnectionError(target.name);
    deps.log.warn(
      { pool: target.name, err: { message: error.message, code: error.code } },
      "idle database connection failed",
    );
  });
  return pool;
}

function sslOptions(config: DatabaseConfig): pg.PoolConfig["ssl"] {
  if (config.kind === "embedded" || config.ssl === "disable") return false;
  if (config.ssl === "require") return { rejectUnauthorized: false };
  return { rejectUnauthorized: true, ca: readFileSync(config.sslCaFile ?? "", "utf8") };
}
