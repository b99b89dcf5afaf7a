import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { environmentNamePattern } from "./config-settings.js";
import {
  autonameSuffixLength,
  defaultTags,
  loadBalancerLogicalNames,
  loadBalancerNameLimit,
  namePrefix,
  requiredTagKeys,
  secretNamePrefix,
} from "./naming.js";

describe("naming", () => {
  it("builds the resource and secret name prefixes from the project and the environment alone", () => {
    expect(namePrefix("staging")).toBe("rusty-saas-staging");
    expect(secretNamePrefix("production", "jwt-secret")).toBe("rusty-saas/production/jwt-secret-");
  });

  it("tags with every required key", () => {
    const tags = defaultTags({ environment: "staging", owner: "team", costCenter: "cc-1" });
    expect(tags).toEqual({
      Project: "rusty-saas",
      Environment: "staging",
      Owner: "team",
      CostCenter: "cc-1",
      ManagedBy: "pulumi",
    });
    for (const key of requiredTagKeys) expect(tags[key]).toBeTruthy();
  });

  it("keeps autonamed load balancer and target group names within AWS's 32 characters for any valid environment", () => {
    fc.assert(
      fc.property(fc.stringMatching(environmentNamePattern), (environment) => {
        for (const name of Object.values(loadBalancerLogicalNames(environment)))
          expect(name.length + autonameSuffixLength).toBeLessThanOrEqual(loadBalancerNameLimit);
      }),
    );
  });
});
