// Turns the measured samples into the printed table, the targets of issue 14 and the JSON file
// (bench/results/latest.json, git-ignored). Every API row is divided by the floor measured just before it.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DatabaseDelta } from "./database-watch.js";
import type { MemoryResult } from "./memory-phase.js";
import type { Burst } from "./run-bench.js";

export interface Sample {
  pair: string;
  role: "floor" | "api";
  round: number;
  label: string;
  burst: Burst;
  serverCpuMicroseconds: number;
  database: DatabaseDelta;
}

export interface CaseResult {
  pair: string;
  role: "floor" | "api";
  round: number;
  label: string;
  /** Only 2xx answers count. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** API rows: req/s and p99 divided by the floor's of the same pair and round. */
  ratioToFloor?: number;
  p99RatioToFloor?: number;
  /** The server process's CPU time per answered request, and the database backends'. */
  serverCpuMicrosecondsPerRequest: number;
  databaseCpuMicrosecondsPerRequest: number;
  databaseTransactionsPerRequest: number;
}

export function summarise(samples: Sample[]): CaseResult[] {
  const rows = samples.map((sample): CaseResult => {
    const { burst } = sample;
    const ok = burst.ok;
    const latencies = Float64Array.from(burst.latenciesMs).sort();
    const percentile = (share: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))] ?? NaN;
    const perRequest = (value: number) => (ok > 0 ? value / ok : 0);
    return {
      pair: sample.pair,
      role: sample.role,
      round: sample.round,
      label: sample.label,
      requestsPerSecond: ok / burst.seconds,
      p50Ms: percentile(0.5),
      p99Ms: percentile(0.99),
      ok,
      non2xx: burst.non2xx,
      errors: burst.errors,
      serverCpuMicrosecondsPerRequest: perRequest(sample.serverCpuMicroseconds),
      databaseCpuMicrosecondsPerRequest: perRequest(sample.database.backendCpuMicroseconds),
      databaseTransactionsPerRequest: perRequest(sample.database.transactions),
    };
  });
  for (const row of rows) {
    if (row.role !== "api") continue;
    const floor = rows.find(
      (candidate) => candidate.role === "floor" && candidate.pair === row.pair && candidate.round === row.round,
    );
    if (!floor) continue;
    row.ratioToFloor = floor.requestsPerSecond > 0 ? row.requestsPerSecond / floor.requestsPerSecond : 0;
    row.p99RatioToFloor = floor.p99Ms > 0 ? row.p99Ms / floor.p99Ms : Infinity;
  }
  return rows;
}

export function renderTable(results: CaseResult[]): string {
  const header = [
    "case",
    "req/s 2xx",
    "p50 ms",
    "p99 ms",
    "non-2xx",
    "errors",
    "vs floor",
    "p99 vs floor",
    "server µs/req",
    "db µs/req",
    "db xact/req",
  ];
  const rows = results.map((result) => [
    result.label,
    result.requestsPerSecond.toFixed(0),
    result.p50Ms.toFixed(1),
    result.p99Ms.toFixed(1),
    String(result.non2xx),
    String(result.errors),
    result.ratioToFloor === undefined ? "" : result.ratioToFloor.toFixed(2),
    result.p99RatioToFloor === undefined ? "" : result.p99RatioToFloor.toFixed(2),
    result.serverCpuMicrosecondsPerRequest.toFixed(0),
    result.databaseCpuMicrosecondsPerRequest.toFixed(0),
    result.databaseTransactionsPerRequest.toFixed(1),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

export interface Target {
  description: string;
  met: boolean;
  /** The figure the target was judged on (the worst round's). */
  figure: string;
}

function worst(results: CaseResult[], pair: string, pick: (row: CaseResult) => number | undefined, lowest: boolean) {
  const values = results
    .filter((row) => row.role === "api" && row.pair === pair)
    .map(pick)
    .filter((value): value is number => value !== undefined);
  if (values.length === 0) return undefined;
  return lowest ? Math.min(...values) : Math.max(...values);
}

export function checkTargets(
  results: CaseResult[],
  medianColdStartMs: number,
  memory: MemoryResult | undefined,
): Target[] {
  const targets: Target[] = [];
  const ratio = (pair: string, label: string, minimum: number) => {
    const value = worst(results, pair, (row) => row.ratioToFloor, true);
    if (value === undefined) return;
    targets.push({
      description: `${label} >= ${minimum} of its floor`,
      met: value >= minimum,
      figure: value.toFixed(2),
    });
  };
  ratio("read", "GET /api/v1/cases/:id", 0.6);
  const p99 = worst(results, "read", (row) => row.p99RatioToFloor, false);
  if (p99 !== undefined)
    targets.push({
      description: "GET /api/v1/cases/:id p99 <= 1.5 x the floor's p99",
      met: p99 <= 1.5,
      figure: p99.toFixed(2),
    });
  ratio("list", "GET /api/v1/cases (50)", 0.5);
  ratio("write", "POST /api/v1/cases", 0.5);
  ratio("live", "GET /live", 0.6);
  const bad = results.reduce((sum, row) => sum + row.non2xx + row.errors, 0) + (memory?.non2xx ?? 0);
  targets.push({ description: "no non-2xx answer and no error anywhere", met: bad === 0, figure: String(bad) });
  targets.push({
    description: "cold start of the compiled build to /ready <= 1000 ms (median)",
    met: medianColdStartMs <= 1000,
    figure: `${medianColdStartMs.toFixed(0)} ms`,
  });
  if (memory)
    targets.push({
      description: `RSS after ${memory.seconds} s of load <= 200 MB`,
      met: memory.endMb <= 200,
      figure: `${memory.endMb.toFixed(0)} MB`,
    });
  return targets;
}

export function writeResults(file: string, document: Record<string, unknown>): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
}
