// Turns autocannon results into the printed table and the JSON file (bench/results/latest.json, git-ignored).
import { mkdirSync, writeFileSync } from "node:fs";
import type { EventLoopUtilization } from "node:perf_hooks";
import type autocannon from "autocannon";

export interface CaseResult {
  name: string;
  what: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  ratioToBaseline: number;
  /** Share of the run the servers' event loop was busy, and its busy time per request. */
  serverBusyRatio: number;
  serverMicrosecondsPerRequest: number;
}

export function summarise(
  name: string,
  what: string,
  result: autocannon.Result,
  busy: EventLoopUtilization,
): CaseResult {
  const requestsPerSecond = result.requests.average;
  return {
    name,
    what,
    requestsPerSecond,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    /** Filled in once both baseline runs are known. */
    ratioToBaseline: 0,
    serverBusyRatio: busy.utilization,
    serverMicrosecondsPerRequest: result.requests.total > 0 ? (busy.active * 1000) / result.requests.total : 0,
  };
}

export function renderTable(results: CaseResult[]): string {
  const header = ["case", "req/s", "p50 ms", "p99 ms", "non-2xx", "errors", "vs baseline", "server busy", "µs/req"];
  const rows = results.map((result) => [
    result.name,
    result.requestsPerSecond.toFixed(0),
    result.p50Ms.toFixed(1),
    result.p99Ms.toFixed(1),
    String(result.non2xx),
    String(result.errors),
    `${(result.ratioToBaseline * 100).toFixed(1)} %`,
    `${(result.serverBusyRatio * 100).toFixed(0)} %`,
    result.serverMicrosecondsPerRequest.toFixed(0),
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
}

export function writeResults(file: string, document: Record<string, unknown>): void {
  mkdirSync(new URL(".", `file://${file}`).pathname, { recursive: true });
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
}
