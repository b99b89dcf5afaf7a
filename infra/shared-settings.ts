// Settings both targets read (`rusty-saas:target` itself, the environment name), declared here once so the AWS
// groups (config-settings.ts) and the docker group (docker-target/docker-settings.ts) share one declaration.
import { choice, text } from "./config-kinds.js";
import { group } from "./config-schema.js";

/** Short enough for every derived name (load balancer names cap at 32 characters, see naming.ts). */
export const environmentNamePattern = /^[a-z][a-z0-9]{1,11}$/;

export const environmentSetting = {
  key: "environment",
  description: "Environment name: in every resource name (`rusty-saas-<environment>`) and the Environment tag",
  kind: text({
    allowed: "2–12 lowercase letters and digits, a letter first",
    pattern: environmentNamePattern,
    hint: "must be 2–12 lowercase letters and digits, starting with a letter",
  }),
} as const;

export const deployTargets = ["aws", "docker"] as const;
export type DeployTarget = (typeof deployTargets)[number];

/** Read first: it decides which other groups the stack must set (config.ts). */
export const targetSettings = group({
  target: {
    key: "target",
    description:
      "Where the stack deploys: `aws` (ECS, RDS, ElastiCache…) or `docker` (the same system as containers on the Docker host `DOCKER_HOST` names)",
    kind: choice(deployTargets),
    default: "aws",
  },
});
