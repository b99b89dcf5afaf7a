// One mocked run per stack, shared by the whole-stack tests. Within a test file the run is memoised; across
// files (each runs in its own worker) it is cached on disk under node_modules/.cache, keyed by a hash of every
// input of the run: the program and its config, the harness and mocks, monitoring/ and the lockfile. Any change
// to those makes a fresh run; a fresh clone (CI) always starts with fresh runs.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot, runStack, type StackRun } from "./stack-harness.js";

/** The AWS stacks: the whole-stack tests of the AWS tiers run on these. */
export const stackNames = ["staging", "production"] as const;
export type StackName = (typeof stackNames)[number];
/** The docker target's stack (infra/docker-target/). */
export const dockerStackNames = ["local"] as const;
export type DockerStackName = (typeof dockerStackNames)[number];
/** Every stack file's run: the plan snapshots cover them all. */
export const allStackNames = [...stackNames, ...dockerStackNames] as const;

const cacheDir = path.join(repoRoot, "node_modules/.cache/rusty-saas-infra-runs");
const runs = new Map<string, Promise<StackRun>>();

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
}

/** Hash of everything a mocked run depends on. */
export function runInputsHash(): string {
  const hash = createHash("sha256");
  const files = [
    ...filesUnder(path.join(repoRoot, "infra")),
    ...filesUnder(path.join(repoRoot, "test/infra/harness")),
    ...filesUnder(path.join(repoRoot, "monitoring")),
    ...readdirSync(repoRoot)
      .filter((f) => /^Pulumi.*\.yaml$/.test(f))
      .sort()
      .map((f) => path.join(repoRoot, f)),
    path.join(repoRoot, "package-lock.json"),
  ];
  for (const file of files)
    hash.update(path.relative(repoRoot, file)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex").slice(0, 32);
}

async function cachedRun(stack: StackName | DockerStackName): Promise<StackRun> {
  const file = path.join(cacheDir, `${runInputsHash()}-${stack}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as StackRun;
  const run = await runStack({ configStack: stack });
  mkdirSync(cacheDir, { recursive: true });
  // Written whole then renamed, so a parallel worker never reads half a file.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(run));
  renameSync(temporary, file);
  return run;
}

export function recordedStack(stack: StackName | DockerStackName): Promise<StackRun> {
  let run = runs.get(stack);
  if (!run) {
    run = cachedRun(stack);
    runs.set(stack, run);
  }
  return run;
}
