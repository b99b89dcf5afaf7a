// Data tier as the API sees it: database pools (use, waiting clients, idle errors), replica fallbacks, Redis
// errors and the rate limiter's store.
import { dashboardUids } from "./dashboard-uids.js";
import { api, frame, place, timeSeries, withThresholds } from "./panel-kit.js";

const rate = (selector: string) => `rate(${selector}[$__rate_interval])`;

export function dataTierDashboard() {
  return place(
    frame(
      "Rusty SaaS: data tier",
      dashboardUids["data-tier"],
      "Database pools, replicas, Redis and the rate limiter's store, from the API's side.",
    ),
    [
      {
        row: "PostgreSQL pools",
        panels: [
          {
            panel: timeSeries(
              "Pool connections",
              "short",
              [
                { expr: `sum by (pool) (db_pool_connections{${api}, state="total"})`, legend: "total {{pool}}" },
                { expr: `sum by (pool) (db_pool_connections{${api}, state="idle"})`, legend: "idle {{pool}}" },
              ],
              "Open and idle connections per pool, summed over processes (DATABASE_POOL_MAX per process and pool).",
            ),
            size: { w: 12, h: 8 },
          },
          {
            panel: withThresholds(
              timeSeries(
                "Clients waiting for a connection",
                "short",
                [{ expr: `sum by (pool) (db_pool_connections{${api}, state="waiting"})`, legend: "{{pool}}" }],
                "Queries queued because every connection of the pool is busy; DatabasePoolClientsWaiting above 1 on average.",
              ),
              [{ value: 1, color: "orange" }],
            ),
            size: { w: 12, h: 8 },
          },
          {
            panel: timeSeries(
              "Replica fallbacks",
              "reqps",
              [{ expr: `sum by (pool) (${rate(`db_replica_fallbacks_total{${api}}`)})`, legend: "{{pool}}" }],
              "Reads sent to the primary because the replica failed or rests after failing.",
            ),
            size: { w: 12, h: 8 },
          },
          {
            panel: timeSeries(
              "Idle connection errors",
              "short",
              [
                {
                  expr: `sum by (pool) (increase(db_pool_errors_total{${api}}[$__rate_interval]))`,
                  legend: "{{pool}}",
                },
              ],
              "Errors raised by idle pooled connections (server restarts, failovers, network cuts).",
            ),
            size: { w: 12, h: 8 },
          },
        ],
      },
      {
        row: "Redis and rate limits",
        panels: [
          {
            panel: timeSeries(
              "Redis errors",
              "short",
              [{ expr: `sum by (kind) (${rate(`redis_errors_total{${api}}`)})`, legend: "{{kind}}" }],
              "Connection, command and cache errors a second; RedisErrors above 0.1/s.",
            ),
            size: { w: 8, h: 8 },
          },
          {
            panel: timeSeries(
              "Rate-limit decisions without the store",
              "short",
              [
                {
                  expr: `sum by (limiter, outcome) (${rate(`rate_limit_store_unavailable_total{${api}}`)})`,
                  legend: "{{limiter}} {{outcome}}",
                },
              ],
              "Decisions made while Redis was unreachable, by limiter and by RATE_LIMIT_STORE_DOWN_POLICY outcome.",
            ),
            size: { w: 8, h: 8 },
          },
          {
            panel: timeSeries(
              "Requests refused with 429",
              "reqps",
              [{ expr: `sum by (limiter) (${rate(`rate_limit_rejections_total{${api}}`)})`, legend: "{{limiter}}" }],
              "Requests over their limit, by limiter.",
            ),
            size: { w: 8, h: 8 },
          },
        ],
      },
    ],
  );
}
