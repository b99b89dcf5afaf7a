import { describe, expect, it } from "vitest";
import { defaultTags, namePrefix, requiredTagKeys, secretName } from "./naming.js";

describe("naming", () => {
  it("derives every name from the environment, not the stack", () => {
    expect(namePrefix("staging")).toBe("rusty-saas-staging");
    expect(secretName("production", "jwt-secret")).toBe("rusty-saas/production/jwt-secret");
  });

  it("tags with every required key", () => {
    const tags = defaultTags({ environment: "staging", tags: { owner: "team", costCenter: "cc-1" } });
    expect(tags).toEqual({ Project: "rusty-saas", Environment: "staging", Owner: "team", CostCenter: "cc-1", ManagedBy: "pulumi" });
    for (const key of requiredTagKeys) expect(tags[key]).toBeTruthy();
  });
});
