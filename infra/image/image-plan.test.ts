import { describe, expect, it } from "vitest";
import { ecrLifecyclePolicy, imagePlatform, registryHost, rollingTags } from "./image-plan.js";

describe("image plan", () => {
  it("builds for the task's architecture", () => {
    expect(imagePlatform("ARM64")).toBe("linux/arm64");
    expect(imagePlatform("X86_64")).toBe("linux/amd64");
  });

  it("lets only the cache and environment tags move", () => {
    expect(rollingTags("production")).toEqual(["cache", "production"]);
  });

  it("expires untagged images and caps tagged ones", () => {
    const rules = (
      JSON.parse(ecrLifecyclePolicy()) as { rules: { selection: { tagStatus: string; countNumber: number } }[] }
    ).rules;
    expect(rules.map((r) => [r.selection.tagStatus, r.selection.countNumber])).toEqual([
      ["untagged", 14],
      ["tagged", 30],
    ]);
  });

  it("logs in to the registry host, not the repository path", () => {
    expect(registryHost("123456789012.dkr.ecr.eu-west-1.amazonaws.com/rusty-saas-staging/api")).toBe(
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
    );
  });
});
