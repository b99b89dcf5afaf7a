// Point-in-time recovery on scratch clusters, the way RDS does it underneath: a base backup, the WAL archive, and a
// new server that restores the backup and replays archived WAL up to a target time, then opens for writes.
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { firstValue, scalar, withClient } from "./pg-session.js";
import { startScratchCluster, type ScratchCluster } from "./scratch-cluster.js";

/** A base backup of `cluster` (plain format, WAL left to the archive), inside the cluster's own folder. */
export async function takeBaseBackup(cluster: ScratchCluster): Promise<{ dir: string; seconds: number }> {
  const started = performance.now();
  const dir = path.join(cluster.root, "base-backup");
  await cluster.run("pg_basebackup", [
    ...["-h", "127.0.0.1", "-p", String(cluster.port), "-U", "postgres"],
    ...["-D", dir, "--wal-method=none", "--checkpoint=fast", "--no-sync"],
  ]);
  return { dir, seconds: elapsedSeconds(started) };
}

/** The server's clock, as recovery_target_time will read it. */
export async function serverNow(url: string): Promise<string> {
  return scalar<string>(url, "SELECT clock_timestamp()::text");
}

/**
 * Closes the current WAL segment and waits until the archiver has copied it, so everything committed so far can
 * be replayed from the archive. Bounded: a broken archive_command fails the drill instead of hanging it.
 */
export async function archiveEverything(cluster: ScratchCluster, timeoutMs = 60_000): Promise<void> {
  await withClient(cluster.url(), async (client) => {
    const segment = firstValue<string>(await client.query("SELECT pg_walfile_name(pg_switch_wal())"));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ last: string | null; failed: string | null }>(
        "SELECT last_archived_wal AS last, last_failed_wal AS failed FROM pg_stat_archiver",
      );
      const last = rows[0]?.last ?? "";
      // Same timeline: segment names sort in WAL order.
      if (last.slice(0, 24) >= segment) return;
      if (Date.now() > deadline)
        throw new Error(`WAL segment ${segment} not archived within ${timeoutMs} ms (failed: ${rows[0]?.failed})`);
      await sleep(100);
    }
  });
}

export interface RecoveredCopy {
  cluster: ScratchCluster;
  /** From starting the restore (copying the base backup) to the copy accepting writes. */
  seconds: number;
}

/** A new server from `baseBackupDir`, replaying `archiveDir` up to `targetTime`, then promoted (writable). */
export async function recoverToTime(input: {
  baseBackupDir: string;
  archiveDir: string;
  targetTime: string;
  timeoutMs?: number;
}): Promise<RecoveredCopy> {
  const started = performance.now();
  const cluster = await startScratchCluster({
    fromDataDir: input.baseBackupDir,
    signal: "recovery",
    settings: {
      restore_command: `cp ${input.archiveDir}/%f %p`,
      recovery_target_time: input.targetTime,
      recovery_target_action: "promote",
    },
  });
  try {
    await waitUntilWritable(cluster.url(), input.timeoutMs ?? 120_000);
    return { cluster, seconds: elapsedSeconds(started) };
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
}

/** Polls until the server has left recovery (promoted), bounded. */
export async function waitUntilWritable(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const inRecovery = await scalar<boolean>(url, "SELECT pg_is_in_recovery()").catch(() => true);
    if (!inRecovery) return;
    if (Date.now() > deadline) throw new Error(`server still in recovery after ${timeoutMs} ms`);
    await sleep(100);
  }
}

export function elapsedSeconds(since: number): number {
  return Math.round((performance.now() - since) / 10) / 100;
}
