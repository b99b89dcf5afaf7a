import { describe, expect, it } from "vitest";
import {
  databaseParameters,
  instanceLogGroupNames,
  planPrimaryZone,
  planReplicas,
  primaryIdentifier,
} from "./database-plan.js";

describe("database plan", () => {
  const zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

  it("spreads a Multi-AZ primary's replicas over all zones, starting after the first", () => {
    expect(planReplicas("rusty-saas-production", { replicaCount: 2, multiAz: true }, zones)).toEqual([
      { identifier: "rusty-saas-production-db-replica-1", availabilityZone: "eu-west-1b" },
      { identifier: "rusty-saas-production-db-replica-2", availabilityZone: "eu-west-1c" },
    ]);
    expect(
      planReplicas("p", { replicaCount: 4, multiAz: true }, zones.slice(0, 2)).map((r) => r.availabilityZone),
    ).toEqual(["eu-west-1b", "eu-west-1a", "eu-west-1b", "eu-west-1a"]);
    expect(planReplicas("p", { replicaCount: 0, multiAz: true }, zones)).toEqual([]);
    expect(planPrimaryZone({ multiAz: true }, zones)).toBeUndefined();
  });

  it("pins a single-AZ primary to the first zone and keeps every replica out of it", () => {
    expect(planPrimaryZone({ multiAz: false }, zones)).toBe("eu-west-1a");
    for (const zoneCount of [2, 3]) {
      for (const replicaCount of [1, 2, 3, 5]) {
        const replicaZones = planReplicas("p", { replicaCount, multiAz: false }, zones.slice(0, zoneCount)).map(
          (r) => r.availabilityZone,
        );
        expect(replicaZones).not.toContain("eu-west-1a");
        expect(new Set(replicaZones).size).toBe(Math.min(replicaCount, zoneCount - 1));
      }
    }
    // One zone: nowhere else to go.
    expect(planReplicas("p", { replicaCount: 1, multiAz: false }, ["eu-west-1a"])[0]?.availabilityZone).toBe(
      "eu-west-1a",
    );
  });

  it("forces TLS and logs statements slower than the configured threshold", () => {
    const parameters = databaseParameters({ slowQueryMs: 250 });
    expect(parameters).toContainEqual({ name: "rds.force_ssl", value: "1", applyMethod: "immediate" });
    expect(parameters).toContainEqual({ name: "log_min_duration_statement", value: "250", applyMethod: "immediate" });
  });

  it("names the log groups RDS exports to", () => {
    expect(instanceLogGroupNames(primaryIdentifier("x"))).toEqual([
      "/aws/rds/instance/x-db/postgresql",
      "/aws/rds/instance/x-db/upgrade",
    ]);
  });
});
