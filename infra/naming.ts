// Names and tags derive from the `environment` setting, never from the Pulumi stack name, so running one
// stack's config under another stack name yields the same resources.
import type { StackWideSettings } from "./config.js";

export const projectName = "rusty-saas";

/** Prefix of every physical name: `rusty-saas-<environment>`. */
export function namePrefix(environment: string): string {
  return `${projectName}-${environment}`;
}

/** Tags the provider adds to every taggable resource (the policy pack checks them). */
export function defaultTags(
  settings: Pick<StackWideSettings, "environment" | "owner" | "costCenter">,
): Record<string, string> {
  return {
    Project: projectName,
    Environment: settings.environment,
    Owner: settings.owner,
    CostCenter: settings.costCenter,
    ManagedBy: "pulumi",
  };
}

export const requiredTagKeys = ["Project", "Environment", "Owner", "CostCenter"] as const;

/**
 * Secrets Manager name prefixes group a stack's secrets under one path: `rusty-saas/<environment>/<purpose>-`, to
 * which the provider appends a unique suffix. A fixed name cannot be reused while a deleted secret of that name
 * waits out its recovery window (CreateSecret fails), so destroying and recreating a stack would break.
 */
export function secretNamePrefix(environment: string, purpose: string): string {
  return `${projectName}/${environment}/${purpose}-`;
}

/** AWS caps load balancer and target group names at 32 characters; Pulumi appends 8 (`-` + 7 random). */
export const autonameSuffixLength = 8;
export const loadBalancerNameLimit = 32;

/**
 * Short logical names for the two 32-character resources, so autonaming (which keeps replacements from
 * colliding) fits: `rusty-<environment>-alb` and `rusty-<environment>-api`.
 */
export function loadBalancerLogicalNames(environment: string): { loadBalancer: string; targetGroup: string } {
  return { loadBalancer: `rusty-${environment}-alb`, targetGroup: `rusty-${environment}-api` };
}
