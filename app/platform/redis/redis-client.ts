// One ioredis connection for rate limits and caches, tuned to fail fast: no offline queue (a command while
// disconnected fails at once), a command timeout, and reconnection in the background. The connection is named
// after the instance (CLIENT SETNAME, once per connection), so CLIENT LIST tells which task holds which
// connection, and one instance's connection can be killed without touching the others'.
import { hostname } from "node:os";
import { Redis } from "ioredis";
import type { AppConfig } from "../../config/app-config.js";
import type { Logger } from "../logging/logger.js";
import type { Metrics } from "../metrics/metrics.js";

export function createRedisClient(config: NonNullable<AppConfig["redis"]>, log: Logger, metrics: Metrics): Redis {
  const url = new URL(config.url);
  const client = new Redis(config.url, {
    ...(config.authToken ? { password: config.authToken } : {}),
    ...(url.protocol === "rediss:" ? { tls: redisTlsOptions(url) } : {}),
    // Applied by ioredis to every key argument, scripts' KEYS included (the rate limiter's counters, caches).
    keyPrefix: config.keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: config.commandTimeoutMs,
    connectTimeout: 1000,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2000),
    lazyConnect: false,
    connectionName: redisConnectionName(),
    // Commands issued in the same turn of the event loop leave in one write (ioredis defers them with
    // setImmediate): under load, the global limit's counters of every request that turn share one socket write
    // and one read, each command still answered in order (decision 0103).
    enableAutoPipelining: true,
  });
  let lastLoggedAt = 0;
  client.on("error", (error: Error) => {
    metrics.redisErrors.inc({ kind: "connection" });
    // An outage produces an error per reconnection attempt: log at most one line every 10 s.
    if (Date.now() - lastLoggedAt > 10_000) {
      lastLoggedAt = Date.now();
      log.warn({ err: { message: error.message } }, "redis connection error");
    }
  });
  client.on("ready", () => log.info({ host: url.hostname }, "redis ready"));
  return client;
}

/**
 * rediss:// verifies the server, as the database does (runbooks/decisions/0093-verified-tls.md): its certificate
 * must chain to a trusted root (ElastiCache's are issued by Amazon's public CAs, in Node's bundled store) and
 * name the host of the URL. Written out so that nobody turns it off by accident.
 */
export function redisTlsOptions(url: URL): { servername: string; rejectUnauthorized: true } {
  return { servername: url.hostname, rejectUnauthorized: true };
}

/** `rusty-saas-api:<host>:<pid>`: unique per task (its host name) and per process on one host. */
export function redisConnectionName(host = hostname(), pid = process.pid): string {
  return `rusty-saas-api:${host.replace(/[^A-Za-z0-9._-]/g, "_")}:${pid}`;
}

/** Gives a fresh connection a short chance to become ready, so the first requests use the shared store. */
export function waitUntilReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === "ready") return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(false), timeoutMs);
    const onReady = () => finish(true);
    const finish = (ready: boolean) => {
      clearTimeout(timer);
      client.off("ready", onReady);
      resolve(ready);
    };
    client.once("ready", onReady);
  });
}
