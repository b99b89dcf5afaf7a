// Applies a limiter to a request: RateLimit-* headers on every answer, 429 problem+json with Retry-After when
// refused. The key is derived by the caller (client address, account…), never from a header a client controls.
import type { Context, Middleware } from "koa";
import { AppError } from "../errors/app-error.js";
import type { Metrics } from "../metrics/metrics.js";
import type { NamedLimiter } from "./rate-limiter.js";

export type RateKey = (ctx: Context) => string | undefined;

export const clientAddressKey: RateKey = (ctx) => `ip:${ctx.ip}`;

export function rateLimit(limiter: NamedLimiter, keyOf: RateKey, metrics: Metrics): Middleware {
  return async (ctx, next) => {
    const key = keyOf(ctx);
    if (key === undefined) return next();
    const decision = await limiter.consume(key);
    ctx.set("RateLimit-Limit", String(decision.limit));
    ctx.set("RateLimit-Remaining", String(decision.remaining));
    ctx.set("RateLimit-Reset", String(decision.resetSeconds));
    if (!decision.allowed) {
      metrics.rateLimitRejections.inc({ limiter: limiter.name });
      throw new AppError("rate_limited", {
        detail: `Limit "${limiter.name}" reached; retry in ${decision.resetSeconds} s.`,
        headers: { "Retry-After": String(decision.resetSeconds) },
      });
    }
    return next();
  };
}
