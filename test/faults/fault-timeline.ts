// Injects faults one after the other into a process under steady load and records, for each, when it began and
// ended, what it did, and when the first request started after it succeeded (waiting at most three times the
// recovery bound, and not at all once the process is gone).
import { setTimeout as sleep } from "node:timers/promises";
import type { FaultWindow } from "./fault-figures.js";
import type { SteadyLoad } from "./steady-load.js";

export class FaultTimeline {
  readonly faults: FaultWindow[] = [];
  /** What each injection reported (backends terminated, connections killed). */
  readonly effects: string[] = [];

  constructor(
    private readonly load: SteadyLoad,
    private readonly processGone: () => boolean,
    private readonly recoveryBoundMs: number,
    private readonly settleMs = 1500,
  ) {}

  /** `lastsMs`: a fault that goes on after its injection returned (a pause) ends that long after it began. */
  async inject(name: string, fault: () => Promise<unknown>, lastsMs = 0): Promise<void> {
    if (this.processGone()) return;
    const startedAt = Date.now();
    this.effects.push(`${name}: ${String(await fault())}`);
    const endedAt = Math.max(Date.now(), startedAt + lastsMs);
    const deadline = endedAt + 3 * this.recoveryBoundMs;
    let firstSuccessAt: number | undefined;
    while (firstSuccessAt === undefined && Date.now() < deadline && !this.processGone()) {
      await sleep(25);
      if (Date.now() >= endedAt) firstSuccessAt = this.load.firstSuccessAfter(endedAt);
    }
    await sleep(this.settleMs);
    this.faults.push({
      name,
      startedAt,
      endedAt,
      ...(firstSuccessAt ? { firstSuccessAt } : {}),
      windowEnd: Date.now(),
    });
  }
}
