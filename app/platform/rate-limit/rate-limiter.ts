// Rate limits with rate-limiter-flexible: a fixed window per key, one Redis round trip (a Lua INCR+PEXPIRE) and
// one small key per client, or in memory without Redis. See runbooks/decisions/0001-rate-limiter.md.
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { StoreDownPolicy } from "../../config/app-config.js";
import type { Logger } from "../logging/logger.js";
import type { Metrics } from "../metrics/metrics.js";

export interface LimitRule {
  points: number;
  durationSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
  /** False when the store could not be asked and the store-down policy decided. */
  fromStore: boolean;
}

export interface NamedLimiter {
  readonly name: string;
  consume(key: string): Promise<RateDecision>;
}

export interface RateLimiterFactoryOptions {
  redis?: Redis;
  storeDownPolicy: StoreDownPolicy;
  metrics: Metrics;
  log: Logger;
}

export function createLimiter(name: string, rule: LimitRule, options: RateLimiterFactoryOptions): NamedLimiter {
  const memory = new RateLimiterMemory({
    keyPrefix: `rl:${name}`,
    points: rule.points,
    duration: rule.durationSeconds,
  });
  const store: RateLimiterAbstract = options.redis
    ? new RateLimiterRedis({
        storeClient: options.redis,
        keyPrefix: `rl:${name}`,
        points: rule.points,
        duration: rule.durationSeconds,
        rejectIfRedisNotReady: true,
      })
    : memory;
  let lastLoggedAt = 0;

  const storeDown = async (key: string, error: unknown): Promise<RateDecision> => {
    const outcome =
      options.storeDownPolicy === "allow" ? "allowed" : options.storeDownPolicy === "deny" ? "denied" : "local";
    options.metrics.rateLimitStoreUnavailable.inc({ limiter: name, outcome });
    if (options.redis) options.metrics.redisErrors.inc({ kind: "command" });
    if (Date.now() - lastLoggedAt > 10_000) {
      lastLoggedAt = Date.now();
      options.log.warn(
        { limiter: name, policy: options.storeDownPolicy, err: { message: (error as Error)?.message } },
        "rate-limit store unavailable",
      );
    }
    if (options.storeDownPolicy === "local") return { ...(await decide(memory, key, rule)), fromStore: false };
    return {
      allowed: options.storeDownPolicy === "allow",
      limit: rule.points,
      remaining: 0,
      resetSeconds: rule.durationSeconds,
      fromStore: false,
    };
  };

  return {
    name,
    async consume(key) {
      try {
        return await decide(store, key, rule);
      } catch (error) {
        return storeDown(key, error);
      }
    },
  };
}

async function decide(limiter: RateLimiterAbstract, key: string, rule: LimitRule): Promise<RateDecision> {
  try {
    return toDecision(await limiter.consume(key), true, rule);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return toDecision(rejection, false, rule);
    throw rejection;
  }
}

function toDecision(result: RateLimiterRes, allowed: boolean, rule: LimitRule): RateDecision {
  return {
    allowed,
    limit: rule.points,
    remaining: Math.max(0, result.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)),
    fromStore: true,
  };
}
