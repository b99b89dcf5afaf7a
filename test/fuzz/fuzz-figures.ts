// The figures of a fuzz run, printed so they can be quoted: requests, answers by status, input classes
// exercised, requests per operation, duration.
import type { Exchange } from "./fuzz-oracle.js";

export class FuzzFigures {
  requests = 0;
  private readonly startedAt = performance.now();
  private readonly statuses = new Map<string, number>();
  private readonly classes = new Map<string, number>();
  private readonly operations = new Map<string, number>();

  record(exchanges: Exchange[]): void {
    for (const { request, status, failure } of exchanges) {
      this.requests += 1;
      bump(this.statuses, failure ? "no answer" : String(status));
      bump(this.operations, request.operation);
      for (const name of new Set(request.classes)) bump(this.classes, name);
    }
  }

  operationsCovered(): string[] {
    return [...this.operations.keys()].sort();
  }

  report(allOperations: string[]): string {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const perOperation = allOperations.map((key) => this.operations.get(key) ?? 0);
    return [
      `fuzz: ${this.requests} requests in ${seconds.toFixed(1)} s (${Math.round(this.requests / seconds)}/s), ` +
        `${allOperations.length} operations (${Math.min(...perOperation)}–${Math.max(...perOperation)} requests each)`,
      `  statuses: ${sorted(this.statuses)}`,
      `  input classes: ${sorted(this.classes)}`,
    ].join("\n");
  }
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function sorted(counts: Map<string, number>): string {
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => `${key} ${count}`)
    .join(", ");
}
