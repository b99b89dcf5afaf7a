import { describe, expect, it } from "vitest";
import { ecrLifecyclePolicy, imagePlatform, revisionTag, rollingTags } from "./image-plan.js";

interface Rule {
  rulePriority: number;
  selection: {
    tagStatus: string;
    tagPrefixList?: string[];
    tagPatternList?: string[];
    countType: string;
    countNumber: number;
  };
  action: { type: string };
}

/** Does the rule select an image carrying these tags (ECR: tagged rules match when any tag matches)? */
function selects(rule: Rule, tags: string[]): boolean {
  const s = rule.selection;
  if (s.tagStatus === "untagged") return tags.length === 0;
  if (s.tagStatus === "any") return true;
  if (tags.length === 0) return false;
  // The policy uses prefixes only (checked below), so wildcard patterns need no model here.
  return (s.tagPrefixList ?? []).some((p) => tags.some((t) => t.startsWith(p)));
}

describe("image plan", () => {
  it("builds for the task's architecture", () => {
    expect(imagePlatform("ARM64")).toBe("linux/arm64");
    expect(imagePlatform("X86_64")).toBe("linux/amd64");
  });

  it("lets only the cache and environment tags move", () => {
    expect(rollingTags("production")).toEqual(["cache", "production"]);
  });

  it("tags each build immutably with its full commit, never a rolling tag", () => {
    const sha = "0123456789abcdef0123456789abcdef01234567";
    expect(revisionTag(sha)).toBe(`git-${sha}`);
    expect(rollingTags("production")).not.toContain(revisionTag(sha));
    expect(() => revisionTag("main")).toThrow(/not a full git commit/);
    expect(() => revisionTag("0123456")).toThrow(/not a full git commit/);
  });

  it("keeps the newest 30 builds by count whatever their age, and expires only untagged leftovers by age", () => {
    const rules = (JSON.parse(ecrLifecyclePolicy()) as { rules: Rule[] }).rules;
    expect(rules.map((r) => r.rulePriority)).toEqual([1, 2]);
    expect(rules.every((r) => r.selection.tagPatternList === undefined)).toBe(true);
    expect(rules[0]?.selection).toEqual({
      tagStatus: "tagged",
      tagPrefixList: ["git-"],
      countType: "imageCountMoreThan",
      countNumber: 30,
    });
    expect(rules[1]?.selection).toMatchObject({
      tagStatus: "untagged",
      countType: "sinceImagePushed",
      countNumber: 14,
    });
    // A build whose environment tag moved on still carries its revision tag: only the count rule can reach it.
    const superseded = ["git-0123456789abcdef0123456789abcdef01234567"];
    expect(rules.filter((r) => selects(r, superseded)).map((r) => r.selection.countType)).toEqual([
      "imageCountMoreThan",
    ]);
    // No rule ever selects the build cache or the current build's environment tag alone.
    expect(rules.filter((r) => selects(r, ["cache"]))).toEqual([]);
    expect(rules.filter((r) => selects(r, ["production"]))).toEqual([]);
    // No age-based rule touches a tagged image.
    for (const rule of rules.filter((r) => r.selection.countType === "sinceImagePushed"))
      expect(rule.selection.tagStatus).toBe("untagged");
  });
});
