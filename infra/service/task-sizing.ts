// Fargate's valid CPU/memory pairs and the shutdown budget: pure checks config.ts runs before anything is built.

/** What the task sets for the app (app/config/config-schema.ts): drain after SIGTERM, then the longest request. */
export const appShutdownDrainSeconds = 5;
export const appRequestTimeoutSeconds = 10;
/**
 * Start-up allowance floor: the app migrates before it listens, waiting up to 120 s for the migration advisory
 * lock (lock_timeout in app/platform/database/migrations.ts), plus time for the migrations themselves.
 */
export const appMigrationLockTimeoutSeconds = 120;
export const minStartupSeconds = appMigrationLockTimeoutSeconds + 30;

/** ECS refuses a container stopTimeout above this. */
export const maxStopTimeoutSeconds = 120;

const memoryRangeByCpu: Record<number, { min: number; max: number; step: number; extra?: number[] }> = {
  256: { min: 1024, max: 2048, step: 1024, extra: [512] },
  512: { min: 1024, max: 4096, step: 1024 },
  1024: { min: 2048, max: 8192, step: 1024 },
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
};

export const fargateCpuChoices = Object.keys(memoryRangeByCpu).map(Number);

/** Why a CPU/memory pair is not a Fargate task size, or undefined when it is. */
export function fargateSizeProblem(cpu: number, memoryMiB: number): string | undefined {
  const range = memoryRangeByCpu[cpu];
  if (!range) return `CPU ${cpu} is not a Fargate size (${fargateCpuChoices.join(", ")})`;
  const valid =
    range.extra?.includes(memoryMiB) ||
    (memoryMiB >= range.min && memoryMiB <= range.max && (memoryMiB - range.min) % range.step === 0);
  return valid
    ? undefined
    : `${memoryMiB} MiB does not fit ${cpu} CPU units (${range.extra ? `${range.extra.join(", ")} or ` : ""}${range.min}–${range.max} in steps of ${range.step})`;
}

/**
 * A stopping task first leaves the target group (deregistration delay), then the app drains and finishes its
 * longest request; all of it must happen before ECS sends SIGKILL at stopTimeout.
 */
export function shutdownBudgetProblem(
  deregistrationDelaySeconds: number,
  stopTimeoutSeconds: number,
): string | undefined {
  const needed = deregistrationDelaySeconds + appShutdownDrainSeconds + appRequestTimeoutSeconds;
  return needed <= stopTimeoutSeconds
    ? undefined
    : `${stopTimeoutSeconds} s is shorter than deregistration delay ${deregistrationDelaySeconds} s + drain ${appShutdownDrainSeconds} s + longest request ${appRequestTimeoutSeconds} s = ${needed} s`;
}
