// RSS of the API process under sustained load: sampled every second while reads and lists run for
// BENCH_MEMORY_SECONDS (60 by default; 300 for the soak, `npm run bench:soak`). Growth compares the median of the
// last third of the samples with that of the first third, so one garbage collection does not read as a leak.
import type { BenchSettings } from "./bench-settings.js";
import type { Burst } from "./run-bench.js";
import { rssMegabytes, type ServerProcess } from "./server-processes.js";

export interface MemoryResult {
  seconds: number;
  startMb: number;
  endMb: number;
  maxMb: number;
  growthMb: number;
  samplesMb: number[];
  requests: number;
  non2xx: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export async function measureMemory(
  settings: BenchSettings,
  api: ServerProcess,
  load: (seconds: number) => Promise<Burst>,
): Promise<MemoryResult | undefined> {
  if (settings.memorySeconds <= 0) return undefined;
  const startMb = rssMegabytes(api.pid);
  const samplesMb: number[] = [];
  const sampler = setInterval(() => samplesMb.push(rssMegabytes(api.pid)), 1000);
  const result = await load(settings.memorySeconds);
  clearInterval(sampler);
  const endMb = rssMegabytes(api.pid);
  const third = Math.max(1, Math.floor(samplesMb.length / 3));
  process.stdout.write(`measured memory over ${settings.memorySeconds} s\n`);
  return {
    seconds: settings.memorySeconds,
    startMb,
    endMb,
    maxMb: Math.max(endMb, ...samplesMb),
    growthMb: median(samplesMb.slice(-third)) - median(samplesMb.slice(0, third)),
    samplesMb: samplesMb.map((value) => Math.round(value * 10) / 10),
    requests: result.ok,
    non2xx: result.non2xx,
  };
}
