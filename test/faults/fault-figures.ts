// The figures of a faults run, printed so they can be quoted: requests and statuses overall and per fault,
// and how long after each fault the first request succeeded.
import { isSuccess, type Sample } from "./steady-load.js";

export interface FaultWindow {
  name: string;
  /** When the injection began and ended (a restart takes a while; a kill is instant). */
  startedAt: number;
  endedAt: number;
  /** First success of a request started after the fault ended (undefined: none within the bound). */
  firstSuccessAt?: number;
  /** End of the window whose requests are counted for this fault. */
  windowEnd: number;
}

export function recoveryMs(fault: FaultWindow): number | undefined {
  return fault.firstSuccessAt === undefined ? undefined : fault.firstSuccessAt - fault.endedAt;
}

export function statusCounts(samples: Sample[]): string {
  const counts = new Map<string, number>();
  for (const sample of samples) {
    const key = sample.failure ? "no answer" : String(sample.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => `${key} ${count}`)
    .join(", ");
}

export function faultReport(samples: Sample[], faults: FaultWindow[], seconds: number): string {
  const reads = samples.filter((sample) => sample.kind === "read").length;
  const lines = [
    `faults: ${samples.length} requests in ${seconds.toFixed(1)} s (${reads} reads, ${samples.length - reads} creates); ` +
      `statuses: ${statusCounts(samples)}`,
  ];
  for (const fault of faults) {
    const during = samples.filter(
      (sample) => sample.startedAt >= fault.startedAt && sample.startedAt < fault.windowEnd,
    );
    const recovery = recoveryMs(fault);
    lines.push(
      `  ${fault.name}: took ${fault.endedAt - fault.startedAt} ms; ${during.length} requests (${statusCounts(during)}); ` +
        `first success ${recovery === undefined ? "never" : `${recovery} ms`} after it ended`,
    );
  }
  const failed = samples.filter((sample) => !isSuccess(sample));
  lines.push(
    `  non-2xx: ${failed.length}, of which 503 with Retry-After: ${failed.filter((s) => s.status === 503 && s.retryAfter).length}`,
  );
  return lines.join("\n");
}
