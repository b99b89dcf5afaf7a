// A small JSON cache: Redis when configured (shared by every task), otherwise this process's memory. A cache
// failure is never a request failure: reads miss, writes and deletes are dropped, and Redis errors are counted.
import type { Redis } from "ioredis";
import type { Metrics } from "../metrics/metrics.js";

export interface CacheStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export function createCacheStore(redis: Redis | undefined, metrics: Metrics): CacheStore {
  return redis ? redisCache(redis, metrics) : memoryCache(10_000);
}

function redisCache(redis: Redis, metrics: Metrics): CacheStore {
  const failed = () => metrics.redisErrors.inc({ kind: "cache" });
  return {
    async get<T>(key: string) {
      try {
        const raw = await redis.get(`cache:${key}`);
        return raw === null ? undefined : (JSON.parse(raw) as T);
      } catch {
        failed();
        return undefined;
      }
    },
    async set(key, value, ttlSeconds) {
      await redis.set(`cache:${key}`, JSON.stringify(value), "EX", ttlSeconds).catch(failed);
    },
    async delete(key) {
      await redis.del(`cache:${key}`).catch(failed);
    },
  };
}

function memoryCache(maxEntries: number): CacheStore {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  return {
    async get<T>(key: string) {
      const entry = entries.get(key);
      if (!entry || entry.expiresAt <= Date.now()) {
        entries.delete(key);
        return undefined;
      }
      return JSON.parse(entry.value) as T;
    },
    async set(key, value, ttlSeconds) {
      // Oldest first out: Maps iterate in insertion order.
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { value: JSON.stringify(value), expiresAt: Date.now() + ttlSeconds * 1000 });
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}
