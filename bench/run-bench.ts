// `npm run bench`: the API as production runs it (compiled by `npm run build`, `node dist/app/main.js`,
// NODE_ENV=production, its own process) next to floors doing the same work bare, each in its own process
// (floor-server.ts). This process only generates load (autocannon) and reads the servers' CPU and memory from
// /proc and PostgreSQL's statistics. Prints a table, checks the targets of issue 14 and writes
// bench/results/latest.json. Not a test: nothing here runs in `npm test`, and it exits 0 whatever it finds.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { parseDockerfile, stageEnvironment } from "../test/container/dockerfile-parser.js";
import { benchSettings, type BenchSettings } from "./bench-settings.js";
import { checkTargets, renderTable, summarise, writeResults, type CaseResult, type Sample } from "./bench-report.js";
import { seed, type Seeded } from "./bench-seed.js";
import { DatabaseWatch } from "./database-watch.js";
import { measureMemory, type MemoryResult } from "./memory-phase.js";
import { cpuMicroseconds, freePort, startServer, type ServerProcess } from "./server-processes.js";

const resultsFile = fileURLToPath(new URL("./results/latest.json", import.meta.url));
const floorScript = fileURLToPath(new URL("./floor-server.ts", import.meta.url));
const apiScript = fileURLToPath(new URL("../dist/app/main.js", import.meta.url));

export interface LoadRequest {
  path: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

interface Pair {
  name: string;
  floor: { kind: string; label: string; request: LoadRequest };
  api: { label: string; request: LoadRequest };
}

function pairs(seeded: Seeded): Pair[] {
  const auth = { authorization: `Bearer ${seeded.accessToken}` };
  const creation: LoadRequest = {
    path: "/api/v1/cases",
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ title: "Benchmark case", description: "Created under load", priority: "high" }),
  };
  return [
    {
      name: "live",
      floor: { kind: "hello", label: "floor: bare Koa hello", request: { path: "/" } },
      api: { label: "GET /live", request: { path: "/live" } },
    },
    {
      name: "read",
      floor: { kind: "read", label: "floor: SELECT case by id", request: { path: "/" } },
      api: { label: "GET /api/v1/cases/:id", request: { path: `/api/v1/cases/${seeded.caseId}`, headers: auth } },
    },
    {
      name: "list",
      floor: { kind: "list", label: "floor: first page of 50", request: { path: "/" } },
      api: { label: "GET /api/v1/cases?limit=50", request: { path: "/api/v1/cases?limit=50", headers: auth } },
    },
    {
      name: "write",
      floor: { kind: "write", label: "floor: insert case + audit", request: { ...creation, path: "/" } },
      api: { label: "POST /api/v1/cases", request: creation },
    },
  ];
}

/** One burst of load: its answers by kind, how long it ran and the latency of every 2xx answer. */
export interface Burst {
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  latenciesMs: number[];
}

export async function fire(
  url: string,
  request: LoadRequest | LoadRequest[],
  seconds: number,
  connections: number,
): Promise<Burst> {
  const requests = Array.isArray(request) ? request : [request];
  const latenciesMs: number[] = [];
  // Without a callback autocannon returns its tracker (an event emitter) made thenable; the types offer one or
  // the other.
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    requests: requests.map((one) => ({
      path: one.path,
      method: one.method ?? "GET",
      headers: one.headers ?? {},
      ...(one.body ? { body: one.body } : {}),
    })),
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  // Every latency is kept (not autocannon's per-run percentiles) so that slices of one case add up exactly.
  instance.on("response", (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    if (status >= 200 && status < 300) latenciesMs.push(responseTime);
  });
  const result = await instance;
  return {
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds: result.duration,
    latenciesMs,
  };
}

interface Target {
  url: string;
  pid: number;
  request: LoadRequest;
  which: Pick<Sample, "pair" | "role" | "round" | "label">;
}

function emptySample(target: Target): Sample {
  return {
    ...target.which,
    burst: { ok: 0, non2xx: 0, errors: 0, seconds: 0, latenciesMs: [] },
    serverCpuMicroseconds: 0,
    database: { backendCpuMicroseconds: 0, transactions: 0 },
  };
}

async function measureSlice(settings: BenchSettings, watch: DatabaseWatch, target: Target, into: Sample) {
  const database = await watch.snapshot();
  const cpuBefore = cpuMicroseconds(target.pid);
  const burst = await fire(target.url, target.request, settings.seconds / settings.slices, settings.connections);
  into.serverCpuMicroseconds += cpuMicroseconds(target.pid) - cpuBefore;
  const delta = await watch.since(database);
  into.database.backendCpuMicroseconds += delta.backendCpuMicroseconds;
  into.database.transactions += delta.transactions;
  into.burst.ok += burst.ok;
  into.burst.non2xx += burst.non2xx;
  into.burst.errors += burst.errors;
  into.burst.seconds += burst.seconds;
  for (const latency of burst.latenciesMs) into.burst.latenciesMs.push(latency);
}

/**
 * The floor and the API take turns in short slices (BENCH_SLICES of BENCH_SECONDS each), so that whatever else
 * the machine does falls on both alike; their ratio is the figure that counts.
 */
async function measurePair(settings: BenchSettings, watch: DatabaseWatch, floor: Target, api: Target) {
  for (const target of [floor, api])
    if (settings.warmupSeconds > 0)
      await fire(target.url, target.request, settings.warmupSeconds, settings.connections);
  const floorSample = emptySample(floor);
  const apiSample = emptySample(api);
  for (let slice = 0; slice < settings.slices; slice += 1) {
    await measureSlice(settings, watch, floor, floorSample);
    await measureSlice(settings, watch, api, apiSample);
  }
  for (const sample of [floorSample, apiSample])
    process.stdout.write(`measured ${sample.label}: ${(sample.burst.ok / sample.burst.seconds).toFixed(0)} req/s\n`);
  return [floorSample, apiSample];
}

/** The ENV of the image's final stage (NODE_ENV, NODE_OPTIONS…): the API runs here as it runs there. */
function imageEnvironment(): Record<string, string> {
  const dockerfile = parseDockerfile(readFileSync(new URL("../Dockerfile", import.meta.url), "utf8"));
  const finalStage = dockerfile.stages.at(-1);
  return finalStage ? stageEnvironment(finalStage) : {};
}

/**
 * As in production (decision 0091): the API logs in as its own role, rusty_api, on the server DATABASE_URL names,
 * and only its migrations use DATABASE_URL's user, the owner. Production mode refuses the owner for the API.
 */
function appDatabaseEnvironment(settings: BenchSettings): NodeJS.ProcessEnv {
  const owner = new URL(settings.databaseUrl);
  const app = new URL(settings.databaseUrl);
  app.username = "rusty_api";
  app.password = process.env.BENCH_APP_DATABASE_PASSWORD ?? "";
  return {
    DATABASE_URL: app.toString(),
    DATABASE_MIGRATION_USER: decodeURIComponent(owner.username),
    ...(owner.password ? { DATABASE_MIGRATION_PASSWORD: decodeURIComponent(owner.password) } : {}),
  };
}

export function apiEnvironment(settings: BenchSettings, port: number, metricsPort: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    ...imageEnvironment(),
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    LOG_LEVEL: "info",
    ...appDatabaseEnvironment(settings),
    DATABASE_POOL_MAX: String(settings.poolMax),
    REDIS_URL: settings.redisUrl,
    REDIS_KEY_PREFIX: settings.redisKeyPrefix,
    JWT_SECRET: settings.jwtSecret,
    // One client address fires everything: the limits would measure themselves, not the API. The global limiter
    // still runs (and still asks Redis) on every request.
    RATE_LIMIT_POINTS: "1000000",
    RATE_LIMIT_WINDOW_SECONDS: "1",
    SIGNUP_LIMIT_PER_ADDRESS: "1000000",
    LOGIN_LIMIT_PER_ADDRESS: "1000000",
    SHUTDOWN_DRAIN_SECONDS: "0",
  };
}

async function startApi(settings: BenchSettings, nodeFlags: string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  return startServer({
    args: [apiScript],
    env: apiEnvironment(settings, port, await freePort()),
    readyPath: "/ready",
    port,
    nodeFlags,
  });
}

async function startFloor(settings: BenchSettings, kind: string, seeded: Seeded): Promise<ServerProcess> {
  const port = await freePort();
  return startServer({
    args: [floorScript, kind],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: settings.databaseUrl,
      DATABASE_POOL_MAX: String(settings.poolMax),
      BENCH_ORGANIZATION_ID: seeded.organizationId,
      BENCH_USER_ID: seeded.userId,
      BENCH_CASE_ID: seeded.caseId,
    },
    readyPath: "/ready",
    port,
  });
}

/**
 * Cold start of the compiled build to /ready with migrations already applied: the first start applies any that
 * are pending and is reported apart; the later ones are the cold starts. The last one stays up to be measured.
 */
async function coldStarts(
  settings: BenchSettings,
): Promise<{ migratingStartMs: number; startsMs: number[]; api: ServerProcess }> {
  const migrating = await startApi(settings);
  await migrating.stop();
  const startsMs: number[] = [];
  for (let index = 1; index < settings.coldStarts; index += 1) {
    const started = await startApi(settings);
    startsMs.push(started.startMs);
    await started.stop();
  }
  const api = await startApi(
    settings,
    settings.cpuProfileDir ? ["--cpu-prof", "--cpu-prof-dir", settings.cpuProfileDir] : [],
  );
  startsMs.push(api.startMs);
  return { migratingStartMs: migrating.startMs, startsMs, api };
}

async function main(): Promise<void> {
  const settings = benchSettings(process.env, randomBytes(32).toString("base64url"));
  const watch = await DatabaseWatch.open(settings.databaseUrl);
  const { migratingStartMs, startsMs, api } = await coldStarts(settings);
  const samples: Sample[] = [];
  let memory: MemoryResult | undefined;
  try {
    const seeded = await seed(api.url, settings.seededCases);
    const selected = pairs(seeded).filter((pair) => !settings.only || settings.only.includes(pair.name));
    for (let round = 0; round < settings.rounds; round += 1) {
      for (const pair of selected) {
        const floor = await startFloor(settings, pair.floor.kind, seeded);
        try {
          samples.push(
            ...(await measurePair(
              settings,
              watch,
              {
                ...floor,
                request: pair.floor.request,
                which: { pair: pair.name, role: "floor", round, label: pair.floor.label },
              },
              {
                ...api,
                request: pair.api.request,
                which: { pair: pair.name, role: "api", round, label: pair.api.label },
              },
            )),
          );
        } finally {
          await floor.stop();
        }
      }
    }
    const readAndList = pairs(seeded)
      .filter((pair) => pair.name === "read" || pair.name === "list")
      .map((pair) => pair.api.request);
    memory = await measureMemory(settings, api, (seconds) => fire(api.url, readAndList, seconds, settings.connections));
  } finally {
    await api.stop();
    await watch.close();
  }
  const results: CaseResult[] = summarise(samples);
  report(settings, results, { migratingStartMs, startsMs }, memory);
}

function report(
  settings: BenchSettings,
  results: CaseResult[],
  starts: { migratingStartMs: number; startsMs: number[] },
  memory: MemoryResult | undefined,
): void {
  const machine = `${cpus().length} cores, load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(" ")} at the end`;
  const sorted = [...starts.startsMs].sort((a, b) => a - b);
  const medianStartMs = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  const targets = checkTargets(results, medianStartMs, memory);
  process.stdout.write(
    `\nRusty SaaS API benchmark: PostgreSQL + Redis, ${settings.connections} connections, ${settings.seconds} s per case, pool ${settings.poolMax} (${machine})\n\n`,
  );
  process.stdout.write(`${renderTable(results)}\n\n`);
  process.stdout.write(
    `cold start to /ready (migrations applied): ${sorted.map((ms) => ms.toFixed(0)).join(", ")} ms (median ${medianStartMs.toFixed(0)}); first start ${starts.migratingStartMs.toFixed(0)} ms\n`,
  );
  if (memory) {
    process.stdout.write(
      `memory: RSS ${memory.startMb.toFixed(0)} MB before load, ${memory.endMb.toFixed(0)} MB after ${memory.seconds} s of load (max ${memory.maxMb.toFixed(0)}); growth first→last third ${memory.growthMb.toFixed(1)} MB; ${memory.requests} requests, ${memory.non2xx} non-2xx\n\n`,
    );
  }
  for (const target of targets)
    process.stdout.write(`${target.met ? "met   " : "MISSED"}  ${target.description}: ${target.figure}\n`);
  writeResults(resultsFile, {
    measuredAt: new Date().toISOString(),
    node: process.version,
    machine,
    connections: settings.connections,
    secondsPerCase: settings.seconds,
    poolMax: settings.poolMax,
    results,
    coldStartsMs: starts.startsMs,
    migratingStartMs: starts.migratingStartMs,
    memory,
    targets,
  });
  process.stdout.write(`\nwritten to ${resultsFile}\n`);
}

await main();
