// Chooses the replica for the next stale-tolerant read (round robin) and rests a failed replica for a while,
// so one dead replica costs one failed attempt per retry period instead of one per request.
import type pg from "pg";

export interface NamedPool {
  name: string;
  pool: pg.Pool;
}

export class ReplicaRouter {
  private next = 0;
  private readonly restingUntil = new Map<string, number>();

  constructor(
    private readonly replicas: NamedPool[],
    private readonly retryMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  pick(): (NamedPool & { healthy: boolean }) | undefined {
    if (this.replicas.length === 0) return undefined;
    for (let offset = 0; offset < this.replicas.length; offset += 1) {
      const candidate = this.replicas[(this.next + offset) % this.replicas.length];
      if (candidate && this.isHealthy(candidate.name)) {
        this.next = (this.next + offset + 1) % this.replicas.length;
        return { ...candidate, healthy: true };
      }
    }
    const resting = this.replicas[this.next % this.replicas.length] as NamedPool;
    return { ...resting, healthy: false };
  }

  markFailed(name: string): void {
    this.restingUntil.set(name, this.now() + this.retryMs);
  }

  all(): NamedPool[] {
    return this.replicas;
  }

  private isHealthy(name: string): boolean {
    const until = this.restingUntil.get(name);
    if (until === undefined) return true;
    if (until <= this.now()) {
      this.restingUntil.delete(name);
      return true;
    }
    return false;
  }
}
