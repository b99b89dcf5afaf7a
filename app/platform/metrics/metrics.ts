// Every metric the API exports, declared once, with standard names. Labels never carry ids: routes are
// templates (/cases/:id), pools are roles (primary, replica-0), limiters are names.
import v8 from "node:v8";
import client from "prom-client";

export interface PoolStats {
  name: string;
  total: number;
  idle: number;
  waiting: number;
}

/** 0.3 s is the latency SLO threshold: a bucket must sit exactly on it (SRE Workbook). */
export const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10];

export function createMetrics(poolStats: () => PoolStats[] = () => []) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const httpRequestDuration = new client.Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency by method, route template and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: latencyBuckets,
    registers: [registry],
  });
  const httpRequestsInFlight = new client.Gauge({
    name: "http_requests_in_flight",
    help: "HTTP requests being served now",
    registers: [registry],
  });
  const poolConnections = new client.Gauge({
    name: "db_pool_connections",
    help: "Database pool connections by pool and state (total, idle, waiting clients)",
    labelNames: ["pool", "state"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const stats of poolStats()) {
        this.set({ pool: stats.name, state: "total" }, stats.total);
        this.set({ pool: stats.name, state: "idle" }, stats.idle);
        this.set({ pool: stats.name, state: "waiting" }, stats.waiting);
      }
    },
  });
  const replicaFallbacks = new client.Counter({
    name: "db_replica_fallbacks_total",
    help: "Reads sent to the primary because a replica failed or was resting after a failure",
    labelNames: ["pool"] as const,
    registers: [registry],
  });
  const poolErrors = new client.Counter({
    name: "db_pool_errors_total",
    help: "Errors emitted by database connections outside a statement (idle, or held by a request), by pool",
    labelNames: ["pool"] as const,
    registers: [registry],
  });
  const transactionRetries = new client.Counter({
    name: "db_transaction_retries_total",
    help: "Transactions repeated once on a fresh connection after theirs died or held a stale prepared statement, by pool, access (read, write) and outcome",
    labelNames: ["pool", "access", "outcome"] as const,
    registers: [registry],
  });
  const rateLimitRejections = new client.Counter({
    name: "rate_limit_rejections_total",
    help: "Requests refused with 429, by limiter",
    labelNames: ["limiter"] as const,
    registers: [registry],
  });
  const rateLimitStoreUnavailable = new client.Counter({
    name: "rate_limit_store_unavailable_total",
    help: "Rate-limit decisions made without the store (Redis unreachable), by limiter and outcome",
    labelNames: ["limiter", "outcome"] as const,
    registers: [registry],
  });
  const redisErrors = new client.Counter({
    name: "redis_errors_total",
    help: "Redis connection or command errors",
    labelNames: ["kind"] as const,
    registers: [registry],
  });
  const heapSizeLimit = new client.Gauge({
    // prom-client reports the heap's size and use but not V8's ceiling, which "heap near its limit" needs.
    name: "nodejs_heap_size_limit_bytes",
    help: "V8 heap size limit (the most the heap may grow to before the process dies)",
    registers: [registry],
    collect() {
      this.set(v8.getHeapStatistics().heap_size_limit);
    },
  });
  // Product counters, incremented once the change is committed (the dashboards' product view).
  const signups = new client.Counter({
    name: "signups_total",
    help: "Accounts created (each with its organization)",
    registers: [registry],
  });
  const casesCreated = new client.Counter({
    name: "cases_created_total",
    help: "Cases created",
    registers: [registry],
  });
  const tasksCreated = new client.Counter({
    name: "tasks_created_total",
    help: "Tasks created",
    registers: [registry],
  });
  return {
    registry,
    httpRequestDuration,
    httpRequestsInFlight,
    poolConnections,
    replicaFallbacks,
    poolErrors,
    transactionRetries,
    rateLimitRejections,
    rateLimitStoreUnavailable,
    redisErrors,
    heapSizeLimit,
    signups,
    casesCreated,
    tasksCreated,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
