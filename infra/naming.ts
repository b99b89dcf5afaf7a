// Names and tags derive from the `environment` setting, never from the Pulumi stack name, so running one
// stack's config under another stack name yields the same resources.
import type { InfraConfig } from "./config.js";

export const projectName = "rusty-saas";

/** Prefix of every physical name: `rusty-saas-<environment>`. */
export function namePrefix(environment: string): string {
  return `${projectName}-${environment}`;
}

/** Tags the provider adds to every taggable resource (the policy pack checks them). */
export function defaultTags(config: Pick<InfraConfig, "environment" | "tags">): Record<string, string> {
  return {
    Project: projectName,
    Environment: config.environment,
    Owner: config.tags.owner,
    CostCenter: config.tags.costCenter,
    ManagedBy: "pulumi",
  };
}

export const requiredTagKeys = ["Project", "Environment", "Owner", "CostCenter"] as const;

/** Secrets Manager names group a stack's secrets under one path: `rusty-saas/<environment>/<purpose>`. */
export function secretName(environment: string, purpose: string): string {
  return `${projectName}/${environment}/${purpose}`;
}
