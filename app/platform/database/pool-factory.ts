// One pg Pool per database endpoint, all with the same safety settings: bounded connect time, statement and
// idle-in-transaction timeouts, a maximum connection lifetime, an application_name and an error listener.
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
  onIdleError: (poolName: string) => void;
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
  });
  // Without a listener, an idle connection dropped by the server crashes the process.
  pool.on("error", (error: Error & { code?: string }) => {
    if (error.code === invalidPasswordCode) deps.password.invalidate();
    deps.onIdleError(target.name);
    deps.log.warn(
      { pool: target.name, err: { message: error.message, code: error.code } },
      "idle database connection failed",
    );
  });
  // A checked-out client gets no listener from the pool: a connection cut between two queries of a request (a
  // failover, a network cut) would emit an unhandled 'error' and crash the process. The request's next query fails
  // on its own (503), and the broken client is discarded on release.
  pool.on("connect", (client) => client.on("error", () => undefined));
  return pool;
}

function sslOptions(config: DatabaseConfig): pg.PoolConfig["ssl"] {
  if (config.kind === "embedded" || config.ssl === "disable") return false;
  if (config.ssl === "require") return { rejectUnauthorized: false };
  return { rejectUnauthorized: true, ca: readFileSync(config.sslCaFile ?? "", "utf8") };
}
