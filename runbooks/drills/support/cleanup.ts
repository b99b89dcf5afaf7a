// What a drill must undo whatever happens: servers to stop, folders to delete, apps to close. Undone in reverse
// order; one failing step does not keep the others from running.
export class Cleanup {
  private readonly steps: { label: string; undo: () => Promise<unknown> }[] = [];

  add(label: string, undo: () => Promise<unknown>): void {
    this.steps.push({ label, undo });
  }

  /** Runs every step (newest first) and returns the failures as messages. Safe to call twice. */
  async run(): Promise<string[]> {
    const failures: string[] = [];
    while (this.steps.length > 0) {
      const step = this.steps.pop();
      if (!step) break;
      await step.undo().catch((error: unknown) => failures.push(`${step.label}: ${(error as Error).message}`));
    }
    return failures;
  }
}
