// What a write transaction defers until it has committed (cache invalidation, counters). The work of a transaction
// can run more than once — a read falls back from a replica to the primary, and a database layer may retry work
// whose connection died before COMMIT — so each attempt starts with an empty list and only the committed
// attempt's tasks run.
export class AfterCommit {
  private tasks: (() => Promise<void>)[] = [];

  /** Call at the start of every attempt of the work. */
  newAttempt(): void {
    this.tasks = [];
  }

  add(task: () => Promise<void>): void {
    this.tasks.push(task);
  }

  async run(): Promise<void> {
    for (const task of this.tasks) await task();
  }
}
