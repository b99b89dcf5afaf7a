// The API as production runs it (app/main.ts, a separate process) under steady reads and creates while its
// dependencies fail: every backend of its database terminated (twice), its Redis connection killed, Redis
// paused for 2 s, and its PostgreSQL server restarted. The database is a private cluster this test starts
// (runbooks/drills/support/scratch-cluster.ts), so the shared server is never touched. Proven: the process
// never exits; the only errors are 503s with Retry-After; a request succeeds within 5 s after each fault;
// every acknowledged create is stored exactly once (and no create is ever stored twice). Figures are printed.
import { randomBytes, randomInt } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startScratchCluster, type ScratchCluster } from "../../runbooks/drills/support/scratch-cluster.js";
import { freePort, spawnEntry, waitUntilReady, type AppProcess } from "../support/app-process.js";
import { metricSum } from "../support/polling.js";
import { faultReport, recoveryMs } from "./fault-figures.js";
import { killAppRedisConnection, pauseRedis, terminateBackends } from "./fault-injectors.js";
import { FaultTimeline } from "./fault-timeline.js";
import { isSuccess, SteadyLoad, type Sample } from "./steady-load.js";

const database = "rusty_faults";
const owner = "rusty_faults_owner";
const runId = `faults-${randomBytes(4).toString("hex")}`;
/** This run's client address (as a load balancer appends it): its own window in the shared Redis. */
const clientAddress = `198.19.${randomInt(256)}.${randomInt(256)}`;
const recoveryBoundMs = 5000;
const redisUrl = inject("redisUrl");

let cluster: ScratchCluster;
let app: AppProcess;
let baseUrl: string;
let metricsUrl: string;

beforeAll(async () => {
  cluster = await startScratchCluster();
  await withSuperuser(async (client) => {
    // Like RDS's master user: the database's owner, not a superuser, so row-level security binds the app.
    await client.query(`CREATE ROLE ${owner} LOGIN NOSUPERUSER CREATEROLE PASSWORD '${owner}'`);
    await client.query(`CREATE DATABASE ${database} OWNER ${owner}`);
  });
  const [port, metricsPort] = [await freePort(), await freePort()];
  [baseUrl, metricsUrl] = [`http://127.0.0.1:${port}`, `http://127.0.0.1:${metricsPort}/metrics`];
  app = spawnEntry("app/main.ts", {
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    DATABASE_URL: `postgres://${owner}:${owner}@127.0.0.1:${cluster.port}/${database}`,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: inject("redisKeyPrefix"),
    JWT_SECRET: "faults-under-load-test-secret-0123456789",
    RATE_LIMIT_POINTS: "1000000",
    SIGNUP_LIMIT_PER_ADDRESS: "1000000",
    // Behind a load balancer, as in production; the load sends this run's own client address.
    TRUST_PROXY: "true",
    SHUTDOWN_DRAIN_SECONDS: "0",
    LOG_LEVEL: "warn",
  });
  await waitUntilReady(port, 30_000).catch((error: Error) => {
    throw new Error(`the API did not become ready: ${error.message}\n${app.output()}`);
  });
}, 90_000);

afterAll(async () => {
  app?.child.kill("SIGTERM");
  await Promise.race([app?.exited, sleep(5000)]);
  app?.child.kill("SIGKILL");
  await cluster?.destroy();
}, 30_000);

async function withSuperuser<T>(work: (client: pg.Client) => Promise<T>, name = "postgres"): Promise<T> {
  const client = new pg.Client({ connectionString: cluster.url(name) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function signUpOwner(): Promise<{ token: string; caseId: string }> {
  const signup = await fetch(`${baseUrl}/api/v1/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": clientAddress },
    body: JSON.stringify({
      email: `${runId}@example.com`,
      password: "correct horse battery staple",
      name: "Fault Tester",
      organizationName: runId,
    }),
  });
  const { accessToken } = (await signup.json()) as { accessToken: string };
  const created = await fetch(`${baseUrl}/api/v1/cases`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${accessToken}`,
      "x-forwarded-for": clientAddress,
    },
    body: JSON.stringify({ title: `${runId}-seed` }),
  });
  if (created.status !== 201) throw new Error(`seeding failed: ${created.status} ${await created.text()}`);
  return { token: accessToken, caseId: ((await created.json()) as { id: string }).id };
}

/** Rows per title of this run's creates, read behind the API's back. */
async function storedTitles(): Promise<Map<string, number>> {
  const { rows } = await withSuperuser(
    (client) =>
      client.query<{ title: string; n: number }>(
        "SELECT title, count(*)::int AS n FROM cases WHERE title LIKE $1 GROUP BY title",
        [`${runId}-%`],
      ),
    database,
  );
  return new Map(rows.map((row) => [row.title, row.n]));
}

describe("faults under steady load", () => {
  it("never exits, answers only 503 with Retry-After while a fault lasts, recovers within 5 s, loses no write", async () => {
    const started = Date.now();
    const load = new SteadyLoad({ baseUrl, runId, clientAddress, ...(await signUpOwner()) });
    const gone = () => app.child.exitCode !== null || app.child.signalCode !== null;
    const timeline = new FaultTimeline(load, gone, recoveryBoundMs);
    load.start({ readers: 6, creators: 3, pauseMs: 5 });
    await sleep(1500);
    await timeline.inject("every database backend terminated (1)", () => terminateBackends(cluster.url(), database));
    await timeline.inject("every database backend terminated (2)", () => terminateBackends(cluster.url(), database));
    await timeline.inject("the API's Redis connection killed", () =>
      killAppRedisConnection(redisUrl, app.child.pid ?? 0),
    );
    await timeline.inject("Redis paused (CLIENT PAUSE 2000 ALL)", () => pauseRedis(redisUrl, 2000), 2000);
    await timeline.inject("PostgreSQL restarted", () => cluster.restart());
    await load.stop();

    const samples = load.samples;
    const metrics = gone() ? "" : await (await fetch(metricsUrl)).text();
    const stored = await storedTitles();
    console.info(
      [
        faultReport(samples, timeline.faults, (Date.now() - started) / 1000),
        `  injected: ${timeline.effects.join("; ")}`,
        `  the API process: ${gone() ? `EXITED (code ${app.child.exitCode}, signal ${app.child.signalCode})` : "running"}`,
        `  retries: ${metricSum(metrics, "db_transaction_retries_total", { outcome: "succeeded" })} succeeded, ` +
          `${metricSum(metrics, "db_transaction_retries_total", { outcome: "failed" })} failed; ` +
          `connection errors heard: ${metricSum(metrics, "db_pool_errors_total")}`,
        writeReport(samples, stored),
      ].join("\n"),
    );

    expect(app.child.exitCode, `the API exited:\n${app.output().slice(-3000)}`).toBeNull();
    expect(app.child.signalCode).toBeNull();
    expect(samples.filter((sample) => sample.failure).slice(0, 5), "requests without an answer").toEqual([]);
    const wrong = samples.filter((sample) => !isSuccess(sample) && !(sample.status === 503 && sample.retryAfter));
    expect(wrong.slice(0, 5), "errors other than 503 with Retry-After").toEqual([]);
    for (const fault of timeline.faults) {
      expect(recoveryMs(fault), `first success after "${fault.name}"`).toBeLessThanOrEqual(recoveryBoundMs);
    }
    expect(timeline.effects.join("; ")).toMatch(/terminated \(1\): [1-9].*terminated \(2\): [1-9].*killed: 1;/);
    const acknowledged = samples.filter((sample) => sample.kind === "create" && sample.status === 201);
    expect(acknowledged.length).toBeGreaterThan(50);
    expect(acknowledged.filter((sample) => stored.get(sample.title ?? "") !== 1).map((s) => s.title)).toEqual([]);
    expect([...stored.entries()].filter(([, count]) => count > 1)).toEqual([]);
  }, 120_000);
});

function writeReport(samples: Sample[], stored: Map<string, number>): string {
  const creates = samples.filter((sample) => sample.kind === "create");
  const acknowledged = creates.filter((sample) => sample.status === 201);
  const exactlyOnce = acknowledged.filter((sample) => stored.get(sample.title ?? "") === 1).length;
  const unacknowledgedStored = creates.filter((s) => s.status !== 201 && stored.has(s.title ?? "")).length;
  const duplicated = [...stored.values()].filter((count) => count > 1).length;
  return (
    `  writes: ${acknowledged.length} acknowledged, ${exactlyOnce} of them stored exactly once; ` +
    `${creates.length - acknowledged.length} not acknowledged, ${unacknowledgedStored} of them stored; ` +
    `titles stored twice or more: ${duplicated}`
  );
}
