// Drill `promote`: the primary is lost while the app writes, and a streaming replica takes over. A replica made
// with pg_basebackup -R streams from the primary; the app writes cases through the API while replication lag is
// sampled from both ends; the primary stops dead (immediate shutdown, as a crash or a zone loss); the replica is
// promoted (pg_promote) and a new app instance pointed at it accepts writes. Prints the lag before the loss, what
// was acknowledged and lost (replication is asynchronous), the time from the loss to the first accepted write, and
// whether the app process that was using the lost primary survived it. Fails if any write acknowledged before
// the replica last caught up is missing. The app on the primary runs as its own process: how it behaves when its
// database dies under load is part of what this drill observes.
import { setTimeout as sleep } from "node:timers/promises";
import { integerOption, type Drill } from "./drill-definition.js";
import { createAppDatabase } from "./support/drill-database.js";
import { spawnApp } from "./support/app-process.js";
import { startDrillApp } from "./support/drill-app.js";
import { elapsedSeconds } from "./support/point-in-time.js";
import { scalar } from "./support/pg-session.js";
import { sampleLag, startReplica, type LagSample, type LagSampler } from "./support/replication.js";
import { startScratchCluster, type ScratchCluster } from "./support/scratch-cluster.js";
import { createCase, signUp, type Tenant } from "./support/tenant-traffic.js";

export const promoteDrill: Drill = {
  name: "promote",
  summary: "primary lost under writes; a pg_basebackup -R replica is promoted and the app writes to it",
  options: { "write-seconds": { type: "string", description: "seconds of writes before the primary is lost (3)" } },
  async run({ options, cleanup, progress }) {
    const writeSeconds = integerOption(options, "write-seconds", 3, 600);
    const primary = await startScratchCluster({ walSegmentMiB: 1, settings: { wal_level: "replica" } });
    cleanup.add("primary", () => primary.destroy());
    const database = await createAppDatabase(primary);
    const app = await spawnApp(database.ownerUrl);
    cleanup.add("app on the primary", () => app.stop());
    const tenant = await signUp(app.baseUrl, "writer");
    progress("replica from pg_basebackup -R, streaming");
    const replica = await startReplica(primary);
    cleanup.add("replica", () => replica.destroy());

    progress(`${writeSeconds} s of writes through the API while lag is sampled, then the primary stops dead`);
    const loss = await loseThePrimaryUnderWrites(primary, replica, app.baseUrl, tenant, writeSeconds);
    progress("primary lost; promoting the replica");
    const promoteStarted = performance.now();
    await scalar(replica.url(), "SELECT pg_promote(true, 60)");
    const promoteSeconds = elapsedSeconds(promoteStarted);
    const newApp = await startDrillApp(replica.url(database.database, database.owner));
    cleanup.add("app on the promoted replica", () => newApp.stop());
    await createCase(newApp.baseUrl, tenant, "First write on the promoted replica");
    const timeToWritable = elapsedSeconds(loss.at);
    for (let i = 0; i < 4; i++) await createCase(newApp.baseUrl, tenant, `After promotion ${i}`);
    const oldAppExit = app.exit();
    if (oldAppExit)
      progress(`the app on the lost primary exited (${JSON.stringify(oldAppExit)}): ${firstError(app.output())}`);
    const lost = await acknowledgedButLost(replica.url(database.database), loss);
    return {
      writes_acked: loss.writer.acked.length,
      write_errors_during_loss: loss.writer.errors,
      lag_samples: loss.sampler.samples.length,
      max_lag_bytes: Math.max(...loss.sampler.samples.map((sample) => sample.lagBytes)),
      max_replay_lag_ms: Math.round(Math.max(...loss.sampler.samples.map((sample) => sample.replayLagMs))),
      lag_bytes_before_loss: loss.before.lagBytes,
      replay_lag_ms_before_loss: Math.round(loss.before.replayLagMs),
      acked_writes_lost: lost.all,
      acked_writes_lost_before_safe_point: lost.beforeSafePoint,
      promote_seconds: promoteSeconds,
      time_to_writable_seconds: timeToWritable,
      writes_after_promotion: 5,
      old_app_survived_primary_loss: oldAppExit === undefined,
    };
  },
};

interface PrimaryLoss {
  /** performance.now() when the primary was stopped. */
  at: number;
  writer: Writers;
  sampler: LagSampler;
  /** The last lag sample before the loss. */
  before: LagSample;
}

async function loseThePrimaryUnderWrites(
  primary: ScratchCluster,
  replica: ScratchCluster,
  baseUrl: string,
  tenant: Tenant,
  writeSeconds: number,
): Promise<PrimaryLoss> {
  const sampler = sampleLag(primary.url(), replica.url(), 100);
  const writer = startWriters(baseUrl, tenant, 4);
  await sleep(writeSeconds * 1000);
  const at = performance.now();
  await primary.stop("immediate");
  await writer.stop();
  await sampler.stop();
  const before = sampler.samples.at(-1);
  if (!before || sampler.samples.length < 3) throw new Error("replication lag was not sampled under writes");
  return { at, writer, sampler, before };
}

/**
 * Acknowledged writes missing from the promoted replica. Asynchronous replication may lose the last ones; none
 * acknowledged before the replica last caught up may be missing.
 */
async function acknowledgedButLost(promotedUrl: string, loss: PrimaryLoss) {
  const present = new Set(
    await scalar<string[]>(
      promotedUrl,
      "SELECT coalesce(array_agg(id::text), '{}') FROM cases WHERE id = ANY($1::uuid[])",
      [loss.writer.acked.map((write) => write.id)],
    ),
  );
  const lost = loss.writer.acked.filter((write) => !present.has(write.id));
  const safePoint = loss.sampler.safePoint();
  const beforeSafePoint = lost.filter((write) => write.at < safePoint).length;
  if (beforeSafePoint > 0)
    throw new Error(`${beforeSafePoint} writes acknowledged before the replica caught up are missing`);
  return { all: lost.length, beforeSafePoint };
}

interface Writers {
  acked: { id: string; at: number }[];
  errors: number;
  stop(): Promise<void>;
}

/** `concurrency` loops creating cases until stopped; records each acknowledged write and when it was acknowledged. */
function startWriters(baseUrl: string, tenant: Tenant, concurrency: number): Writers {
  let stopped = false;
  const writers: Writers = {
    acked: [],
    errors: 0,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
  const loops = Array.from({ length: concurrency }, async (_, worker) => {
    for (let n = 0; !stopped; n++) {
      try {
        const id = await createCase(baseUrl, tenant, `Write ${worker}-${n}`);
        writers.acked.push({ id, at: performance.now() });
      } catch {
        writers.errors++;
      }
    }
  });
  return writers;
}

function firstError(output: string): string {
  return (
    output
      .trim()
      .split("\n")
      .filter((line) => /error|Error/.test(line))
      .at(0)
      ?.slice(0, 300) ?? ""
  );
}
