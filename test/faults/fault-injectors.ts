// The faults, each aimed at one API process and nothing else shared: every backend of its (private) database
// terminated, its own Redis connection killed (found by the name the app gives it), and a bounded CLIENT PAUSE
// (which, on a shared Redis, pauses every client for at most that long; the pause expires by itself).
import { Redis } from "ioredis";
import pg from "pg";
import { redisConnectionName } from "../../app/platform/redis/redis-client.js";

/** Terminates every backend connected to `database` (as PostgreSQL does on a failover); returns how many. */
export async function terminateBackends(superuserUrl: string, database: string): Promise<number> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ terminated: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS terminated
         FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [database],
    );
    return rows[0]?.terminated ?? 0;
  } finally {
    await client.end();
  }
}

/** Runs `work` with a short-lived Redis connection of the test's own. */
async function withRedis<T>(url: string, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectionName: "rusty-saas-fault-test" });
  await redis.connect();
  try {
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

/** The CLIENT LIST ids of the connections the process `pid` (on this host) named as its own. */
export function appRedisConnections(url: string, pid: number): Promise<string[]> {
  const name = redisConnectionName(undefined, pid);
  return withRedis(url, async (redis) => {
    const list = (await redis.client("LIST")) as string;
    return list
      .split("\n")
      .filter((line) => line.includes(` name=${name} `))
      .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1] ?? "")
      .filter((id) => id !== "");
  });
}

/** CLIENT KILL of the process's own Redis connection(s) only; returns how many were killed. */
export async function killAppRedisConnection(url: string, pid: number): Promise<number> {
  const ids = await appRedisConnections(url, pid);
  await withRedis(url, async (redis) => {
    for (const id of ids) await redis.client("KILL", "ID", id);
  });
  return ids.length;
}

/** CLIENT PAUSE ALL for `ms` (at most 2 s: the Redis is shared); resolves once the pause was accepted. */
export async function pauseRedis(url: string, ms: number): Promise<void> {
  if (ms > 2000) throw new Error("a pause of the shared Redis is bounded to 2 s");
  await withRedis(url, (redis) => redis.client("PAUSE", String(ms), "ALL"));
}
