// The outermost middleware: gives the request an id and a child logger, counts it in flight, and when it ends
// writes the access line and observes its latency under the route template (never the raw path).
import { randomUUID } from "node:crypto";
import type { Middleware } from "koa";
import type { Database } from "../database/database.js";
import type { Logger } from "../logging/logger.js";
import type { Metrics } from "../metrics/metrics.js";
import type { AppState } from "./app-state.js";

const safeRequestId = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestContext(log: Logger, metrics: Metrics, database: Database): Middleware<AppState> {
  return async (ctx, next) => {
    const inbound = ctx.get("X-Request-Id");
    const requestId = safeRequestId.test(inbound) ? inbound : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = log.child({ requestId });
    ctx.state.db = database.session();
    ctx.set("X-Request-Id", requestId);
    const started = performance.now();
    metrics.httpRequestsInFlight.inc();
    try {
      await next();
    } finally {
      metrics.httpRequestsInFlight.dec();
      const seconds = (performance.now() - started) / 1000;
      const route = routeTemplate(ctx._matchedRoute);
      metrics.httpRequestDuration.observe({ method: ctx.method, route, status: String(ctx.status) }, seconds);
      ctx.state.log.info(
        {
          method: ctx.method,
          route,
          status: ctx.status,
          durationMs: Math.round(seconds * 10_000) / 10,
          organizationId: ctx.state.caller?.organizationId,
          userId: ctx.state.caller?.userId,
        },
        "request",
      );
    }
  };
}

function routeTemplate(matched: unknown): string {
  return typeof matched === "string" ? matched : "unmatched";
}

declare module "koa" {
  interface ExtendableContext {
    _matchedRoute?: string | RegExp;
  }
}
