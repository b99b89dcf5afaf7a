// GET /live: the process runs. GET /ready: the primary answers and we are not draining (the load balancer's
// check). GET /health: every dependency with its latency, for people.
import Router from "@koa/router";
import type { AppState } from "../platform/http/app-state.js";
import type { DrainState } from "../platform/http/draining.js";
import { checkAll, checkPrimary, type HealthDependencies } from "./health-checks.js";

/** The load balancer's health check: 200 only when the primary answers and the process is not draining. */
export const readinessPath = "/ready";
const livenessPath = "/live";

export function healthRoutes(deps: HealthDependencies & { drain: DrainState; startedAt: number }): Router<AppState> {
  const router = new Router<AppState>();
  router.get(livenessPath, (ctx) => {
    ctx.set("Cache-Control", "no-store");
    ctx.body = { status: "live" };
  });
  router.get(readinessPath, async (ctx) => {
    ctx.set("Cache-Control", "no-store");
    if (deps.drain.draining) {
      ctx.status = 503;
      ctx.body = { status: "draining" };
      return;
    }
    const primary = await checkPrimary(deps.database);
    ctx.status = primary.ok ? 200 : 503;
    ctx.body = { status: primary.ok ? "ready" : "unready", database: primary.ok ? "ok" : "unreachable" };
  });
  router.get("/health", async (ctx) => {
    ctx.set("Cache-Control", "no-store");
    const dependencies = await checkAll(deps);
    const healthy = dependencies.every((dependency) => dependency.ok || !dependency.critical);
    const degraded = dependencies.some((dependency) => !dependency.ok);
    ctx.status = healthy && !deps.drain.draining ? 200 : 503;
    ctx.body = {
      status: !healthy ? "unhealthy" : deps.drain.draining ? "draining" : degraded ? "degraded" : "healthy",
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
      embeddedDatabase: deps.embeddedDatabase,
      rateLimitStore: deps.redis ? "redis" : "memory",
      dependencies,
    };
  });
  return router;
}
