// Streaming replication on scratch clusters: a replica made the way an operator makes one (pg_basebackup -R), and
// lag sampled from both ends while writes flow.
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { firstValue, withClient } from "./pg-session.js";
import { startScratchCluster, type ScratchCluster } from "./scratch-cluster.js";

/** A hot standby of `primary`, streaming from it (primary_conninfo and standby.signal written by -R). */
export async function startReplica(primary: ScratchCluster): Promise<ScratchCluster> {
  const baseDir = path.join(primary.root, "replica-base");
  await primary.run("pg_basebackup", [
    ...["-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres"],
    ...["-D", baseDir, "-R", "--wal-method=stream", "--checkpoint=fast", "--no-sync"],
  ]);
  const replica = await startScratchCluster({ fromDataDir: baseDir, settings: { hot_standby: "on" } });
  try {
    await waitFor(primary.url(), "SELECT count(*) = 1 FROM pg_stat_replication WHERE state = 'streaming'", 60_000);
    return replica;
  } catch (error) {
    await replica.destroy();
    throw error;
  }
}

async function waitFor(url: string, sql: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await withClient(url, async (client) => firstValue<boolean>(await client.query(sql))))) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms: ${sql}`);
    await sleep(100);
  }
}

export interface LagSample {
  /** performance.now() just before the primary's position was read. */
  at: number;
  /** How far the replica's replay was behind that position (bytes; 0 when caught up). */
  lagBytes: number;
  /** pg_stat_replication.replay_lag on the primary (ms; 0 when idle). */
  replayLagMs: number;
}

export interface LagSampler {
  samples: LagSample[];
  /** Newest `at` at which the replica had replayed everything the primary had written: writes acknowledged
   * before it are on the replica. */
  safePoint(): number;
  stop(): Promise<void>;
}

export function sampleLag(primaryUrl: string, replicaUrl: string, intervalMs: number): LagSampler {
  const samples: LagSample[] = [];
  let stopped = false;
  const loop = (async () => {
    await withClient(primaryUrl, (primary) =>
      withClient(replicaUrl, async (replica) => {
        while (!stopped) {
          const at = performance.now();
          const { rows } = await primary.query<{ lsn: string; lag_ms: number | null }>(
            `SELECT pg_current_wal_lsn()::text AS lsn,
                    (SELECT extract(epoch FROM replay_lag) * 1000 FROM pg_stat_replication LIMIT 1)::float8 AS lag_ms`,
          );
          const lagBytes = firstValue<number>(
            await replica.query("SELECT greatest(pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()), 0)::float8", [
              rows[0]?.lsn,
            ]),
          );
          samples.push({ at, lagBytes, replayLagMs: rows[0]?.lag_ms ?? 0 });
          await sleep(intervalMs);
        }
      }),
    ).catch(() => undefined); // the primary's loss ends the sampling
  })();
  return {
    samples,
    safePoint: () => samples.filter((sample) => sample.lagBytes === 0).at(-1)?.at ?? 0,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
