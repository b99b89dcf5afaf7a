// `npm run bench`: one run that measures, with autocannon (32 connections, BENCH_SECONDS each, default 10):
//   a bare Koa hello-world (the baseline), GET /live through the whole middleware stack, an authenticated read of
//   one case, an authenticated page of 20 cases, and case creation. Prints a table, checks the targets of issue 3
//   and writes bench/results/latest.json. Not a test: nothing here runs in `npm test`.
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { renderTable, summarise, writeResults, type CaseResult, type Target } from "./bench-report.js";
import { seed } from "./bench-seed.js";
import { startApiForBench, startBaseline } from "./bench-servers.js";

const connections = 32;
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const seededCases = 25;
/** Measures only the cases whose name contains this text (the baseline always runs), e.g. for profiling. */
const only = process.env.BENCH_ONLY;
const resultsFile = fileURLToPath(new URL("./results/latest.json", import.meta.url));

interface BenchCase {
  name: string;
  what: string;
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

async function fire(benchCase: BenchCase, duration: number): Promise<autocannon.Result> {
  return autocannon({
    url: benchCase.url,
    method: benchCase.method ?? "GET",
    headers: benchCase.headers ?? {},
    ...(benchCase.body ? { body: benchCase.body } : {}),
    connections,
    duration,
    // The load generator gets its own thread so it does not share the event loop of the servers it measures.
    workers: 1,
  });
}

function benchCases(baselineUrl: string, apiUrl: string, token: string, caseId: string): BenchCase[] {
  const auth = { authorization: `Bearer ${token}` };
  return [
    { name: "baseline (bare Koa)", what: "Koa hello-world, no middleware", url: `${baselineUrl}/` },
    { name: "GET /live", what: "whole platform middleware stack, no database", url: `${apiUrl}/live` },
    {
      name: "GET /api/v1/cases/:id",
      what: "token check, global limit, tenant transaction, one case",
      url: `${apiUrl}/api/v1/cases/${caseId}`,
      headers: auth,
    },
    { name: "GET /api/v1/cases", what: "as above, a page of 20 cases", url: `${apiUrl}/api/v1/cases`, headers: auth },
    {
      name: "POST /api/v1/cases",
      what: "write transaction: reference, insert, audit, cache invalidation",
      url: `${apiUrl}/api/v1/cases`,
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ title: "Benchmark case", description: "Created under load", priority: "high" }),
    },
  ];
}

function checkTargets(results: CaseResult[]): Target[] {
  const byName = (name: string) => results.find((result) => result.name === name);
  const live = byName("GET /live");
  const single = byName("GET /api/v1/cases/:id");
  return [
    { description: "GET /live >= 50 % of baseline", met: (live?.ratioToBaseline ?? 0) >= 0.5 },
    { description: "GET /api/v1/cases/:id >= 25 % of baseline", met: (single?.ratioToBaseline ?? 0) >= 0.25 },
    { description: "GET /api/v1/cases/:id p99 <= 25 ms", met: (single?.p99Ms ?? Infinity) <= 25 },
    {
      description: "zero non-2xx responses and errors everywhere",
      met: results.every((result) => result.non2xx === 0 && result.errors === 0),
    },
  ];
}

async function measure(benchCase: BenchCase): Promise<CaseResult> {
  if (warmupSeconds > 0) await fire(benchCase, warmupSeconds);
  // Both servers run on this thread, so its utilisation over the run is the servers' CPU time.
  const before = performance.eventLoopUtilization();
  const result = await fire(benchCase, seconds);
  const busy = performance.eventLoopUtilization(before);
  process.stdout.write(`measured ${benchCase.name}\n`);
  return summarise(benchCase.name, benchCase.what, result, busy);
}

/**
 * The baseline runs first and again last; ratios are to the mean of the two, and a large gap between them says
 * the machine was busy with something else during the run.
 */
async function measureAll(cases: BenchCase[]): Promise<CaseResult[]> {
  const [baselineCase, ...apiCases] = cases as [BenchCase, ...BenchCase[]];
  const results = [await measure(baselineCase)];
  for (const benchCase of apiCases.filter((candidate) => !only || candidate.name.includes(only))) {
    results.push(await measure(benchCase));
  }
  results.push(await measure({ ...baselineCase, name: "baseline again (end)" }));
  const baselineRps =
    ((results[0]?.requestsPerSecond ?? 0) + (results[results.length - 1]?.requestsPerSecond ?? 0)) / 2;
  return results.map((result) => ({
    ...result,
    ratioToBaseline: baselineRps > 0 ? result.requestsPerSecond / baselineRps : 0,
  }));
}

function report(results: CaseResult[], services: string): void {
  const targets = checkTargets(results);
  const machine = `${cpus().length} cores, load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(" ")}`;
  process.stdout.write(
    `\nRusty SaaS API benchmark: ${services}, ${connections} connections, ${seconds} s per case (${machine})\n\n`,
  );
  process.stdout.write(`${renderTable(results)}\n\n`);
  for (const target of targets) process.stdout.write(`${target.met ? "met   " : "MISSED"}  ${target.description}\n`);
  const first = results[0]?.requestsPerSecond ?? 0;
  const last = results[results.length - 1]?.requestsPerSecond ?? 0;
  const drift = Math.abs(first - last) / Math.max(first, last, 1);
  if (drift > 0.2) {
    process.stdout.write(
      `\nwarning: the two baseline runs differ by ${(drift * 100).toFixed(0)} %: something else used the CPU; ratios are unreliable, run again\n`,
    );
  }
  const measuredAt = new Date().toISOString();
  writeResults(resultsFile, {
    measuredAt,
    services,
    node: process.version,
    machine,
    connections,
    secondsPerCase: seconds,
    results,
    targets,
  });
  process.stdout.write(`\nwritten to ${resultsFile}\n`);
}

async function main(): Promise<void> {
  const baseline = await startBaseline();
  const api = await startApiForBench(process.env);
  try {
    const seeded = await seed(api.url, seededCases);
    report(
      await measureAll(benchCases(baseline.url, api.url, seeded.accessToken, seeded.caseIds[0] as string)),
      api.describe,
    );
  } finally {
    await api.stop();
    await baseline.stop();
  }
}

await main();
