// Assembles the Koa application: the platform middleware in a fixed order, then the feature routers.
//   request context → drain → errors → security headers → CORS → probes → global rate limit → JSON body → routes
// Each router is followed by its allowed-methods answer: a method its paths do not serve is a 405 problem.
import cors from "@koa/cors";
import type Router from "@koa/router";
import Koa from "koa";
import type { AppConfig } from "../../config/app-config.js";
import type { Database } from "../database/database.js";
import type { Logger } from "../logging/logger.js";
import type { Metrics } from "../metrics/metrics.js";
import { clientAddressKey, rateLimit } from "../rate-limit/rate-limit-middleware.js";
import type { NamedLimiter } from "../rate-limit/rate-limiter.js";
import { allowedMethods } from "./allowed-methods.js";
import type { AppState } from "./app-state.js";
import { closeConnectionsWhenDraining, type DrainState } from "./draining.js";
import { errorMiddleware } from "./error-middleware.js";
import { jsonBody } from "./json-body.js";
import { requestContext } from "./request-context.js";
import { securityHeaders } from "./security-headers.js";

export interface AppDependencies {
  config: AppConfig;
  log: Logger;
  metrics: Metrics;
  database: Database;
  drain: DrainState;
  globalLimiter: NamedLimiter;
  /** Probe routes: served before rate limiting and body parsing so a busy instance still answers them. */
  probeRouter: Router<AppState>;
  routers: Router<AppState>[];
}

export function createApp(deps: AppDependencies): Koa<AppState> {
  const { config, metrics } = deps;
  const app = new Koa<AppState>({ proxy: config.http.trustProxy, maxIpsCount: 1 });
  // Behind one load balancer only its own hop is trusted; a client-supplied X-Forwarded-For is never used.
  app.silent = true;
  app.use(requestContext(deps.log, metrics, deps.database));
  app.use(closeConnectionsWhenDraining(deps.drain));
  app.use(errorMiddleware());
  app.use(securityHeaders());
  app.use(
    cors({
      origin: (ctx) => {
        const origin = ctx.get("Origin");
        return config.http.corsOrigins.includes(origin) ? origin : "";
      },
      allowMethods: ["GET", "POST", "PATCH", "DELETE"],
      exposeHeaders: [
        "ETag",
        "X-Request-Id",
        "RateLimit-Limit",
        "RateLimit-Remaining",
        "RateLimit-Reset",
        "Retry-After",
      ],
      maxAge: 600,
    }),
  );
  app.use(deps.probeRouter.routes());
  app.use(allowedMethods(deps.probeRouter));
  app.use(rateLimit(deps.globalLimiter, clientAddressKey, metrics));
  for (const middleware of jsonBody(config.http.bodyLimitBytes)) app.use(middleware);
  for (const router of deps.routers) {
    app.use(router.routes());
    app.use(allowedMethods(router));
  }
  return app;
}
