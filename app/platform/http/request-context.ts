// The outermost middleware: gives the request an id and a child logger, counts it in flight, and when it ends
// writes the access line and observes its latency under the route template (never the raw path).
import { randomUUID } from "node:crypto";
import type { Middleware } from "koa";
import type { Database } from "../database/database.js";
import type { Logger } from "../logging/logger.js";
import type { Metrics } from "../metrics/metrics.js";
import type { AppState, Caller } from "./app-state.js";

const safeRequestId = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestContext(log: Logger, metrics: Metrics, database: Database): Middleware<AppState> {
  return async (ctx, next) => {
    const inbound = ctx.get("X-Request-Id");
    const requestId = safeRequestId.test(inbound) ? inbound : randomUUID();
    const state = new RequestState(log, requestId, database.session());
    ctx.state = state;
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
      // The same line either way: a child's bindings are written where the first field of the object would be.
      (state.childLog ?? log).info(
        {
          ...(state.childLog ? {} : { requestId }),
          method: ctx.method,
          route,
          status: ctx.status,
          durationMs: Math.round(seconds * 10_000) / 10,
          organizationId: state.caller?.organizationId,
          userId: state.caller?.userId,
        },
        "request",
      );
    }
  };
}

/**
 * The request's logger is a child carrying its id, made when something first logs for the request: most requests
 * log only their access line, which is written with the id as a field instead: the same bytes, without a child
 * whose bindings pino serialises for every request (bench/README.md has the measurement).
 */
class RequestState implements AppState {
  caller?: Caller;
  childLog?: Logger;

  constructor(
    private readonly parentLog: Logger,
    readonly requestId: string,
    readonly db: AppState["db"],
  ) {}

  get log(): Logger {
    return (this.childLog ??= this.parentLog.child({ requestId: this.requestId }));
  }
}

function routeTemplate(matched: unknown): string {
  return typeof matched === "string" ? matched : "unmatched";
}

declare module "koa" {
  interface ExtendableContext {
    _matchedRoute?: string | RegExp;
  }
}
