// One mocked run per stack per test file: the runs are deterministic, so tests share them.
import { runStack, type StackRun } from "./stack-harness.js";

export const stackNames = ["staging", "production"] as const;
export type StackName = (typeof stackNames)[number];

const runs = new Map<string, Promise<StackRun>>();

export function recordedStack(stack: StackName): Promise<StackRun> {
  let run = runs.get(stack);
  if (!run) {
    run = runStack({ configStack: stack });
    runs.set(stack, run);
  }
  return run;
}
