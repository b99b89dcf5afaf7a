// The program Pulumi runs (Pulumi.yaml `main`). One stack setting, `rusty-saas:target`, picks what the stack
// deploys, never the stack's name:
// - `aws` (the default): aws-target.ts, the system on ECS Fargate, RDS, ElastiCache and the managed monitoring;
// - `docker`: docker-target/docker-program.ts, the same system as containers on one Docker host.
// Each target's module declares its resources when imported and exports its stack outputs, which become this
// program's outputs. Why a module per target and not a function: runbooks/decisions/0110-docker-target.md.
import { randomUUID } from "node:crypto";
import { loadStackTarget } from "./config.js";
import type { DeployTarget } from "./shared-settings.js";

const programs: Record<DeployTarget, string> = {
  aws: "./aws-target.ts",
  docker: "./docker-target/docker-program.ts",
};

// A module runs once per process, and a deployment runs this file once. The mocked runs (test/infra/harness) run
// it once per run in one process, and each run must declare the target's resources again: so the target's module
// is imported as a new instance every time (a unique query makes a distinct module; nothing else differs).
const instance = `?instance=${randomUUID()}`;
const program = (await import(new URL(`${programs[loadStackTarget()]}${instance}`, import.meta.url).href)) as Record<
  string,
  unknown
>;

// Pulumi takes a default export as the stack's outputs (one object, so the two targets' different outputs fit).
export default { ...program };
