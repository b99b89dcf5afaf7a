// One pg Pool per database endpoint, all with the same safety settings: bounded connect time, statement and
// idle-in-transaction timeouts, a maximum connection lifetime, an application_name and error listeners on idle
// connections and on the connections requests hold.
import { readFileSync } from "node:fs";
import pg from "pg";
import type { DatabaseConfig, DatabaseEndpoint, PasswordSource } from "../../config/app-config.js";
import type { Logger } from "../logging/logger.js";
import { invalidPasswordCode } from "./connection-errors.js";
import { createPasswordResolver, type PasswordResolver } from "./password-source.js";

export interface PoolTarget {
  name: string;
  endpoint: DatabaseEndpoint;
  database: string;
  user: string;
}

export interface PoolDependencies {
  config: DatabaseConfig;
  /** Resolved per pool: an IAM token is signed for the pool's own host. */
  password: PasswordSource;
  log: Logger;
  onConnectionError: (poolName: string) => void;
}

export function createPool(target: PoolTarget, deps: PoolDependencies): pg.Pool {
  const { config } = deps;
  const password = createPasswordResolver(deps.password, { ...target.endpoint, user: target.user });
  const pool = new pg.Pool({
    Client: clientForgettingRejectedPasswords(password),
    host: target.endpoint.host,
    port: target.endpoint.port,
    database: target.database,
    user: target.user,
    password,
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
    deps.onConnectionError(target.name);
    deps.log.warn(
      { pool: target.name, err: { message: error.message, code: error.code } },
      "idle database connection failed",
    );
  });
  return pool;
}

type ConnectCallback = ((error: Error) => void) | ((error: null, client: pg.Client) => void);

/**
 * pg's Client, except that a login the server refuses with 28P01 (a rotated password) drops the cached password,
 * so the next connection fetches the current one: rotation without a restart. The pool reports a failed connect
 * only to the caller waiting for it (no 'error' event), hence the hook here, where every connection is opened.
 */
export function clientForgettingRejectedPasswords(password: PasswordResolver): typeof pg.Client {
  const forgetIfRejected = (error: unknown) => {
    if ((error as { code?: unknown } | null)?.code === invalidPasswordCode) password.invalidate();
  };
  class Client extends pg.Client {
    override connect(): Promise<pg.Client>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<pg.Client> | void {
      if (!callback)
        return super.connect().catch((error: unknown) => {
          forgetIfRejected(error);
          throw error;
        });
      const pass = callback as (...args: unknown[]) => void;
      super.connect((...args: unknown[]) => {
        forgetIfRejected(args[0]);
        pass(...args);
      });
    }
  }
  return Client;
}

/** The pool's own client class (with its hooks), for connections opened beside the pool. */
export function poolClientClass(pool: pg.Pool): typeof pg.Client {
  return (pool.options as { Client?: typeof pg.Client }).Client ?? pg.Client;
}

function sslOptions(config: DatabaseConfig): pg.PoolConfig["ssl"] {
  if (config.kind === "embedded" || config.ssl === "disable") return false;
  if (config.ssl === "require") return { rejectUnauthorized: false };
  return { rejectUnauthorized: true, ca: readFileSync(config.sslCaFile ?? "", "utf8") };
}
