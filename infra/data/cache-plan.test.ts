import { describe, expect, it } from "vitest";
import { cacheNodeIds, replicationGroupId } from "./cache-plan.js";

describe("cache plan", () => {
  it("names the nodes as ElastiCache does: the group's id and a three-digit member number", () => {
    const group = replicationGroupId("rusty-saas-production");
    expect(group).toBe("rusty-saas-production-cache");
    expect(cacheNodeIds(group, 2)).toEqual(["rusty-saas-production-cache-001", "rusty-saas-production-cache-002"]);
    expect(cacheNodeIds(group, 6).at(-1)).toBe("rusty-saas-production-cache-006");
    expect(cacheNodeIds(group, 0)).toEqual([]);
  });
});
