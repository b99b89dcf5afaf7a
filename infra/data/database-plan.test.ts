import { describe, expect, it } from "vitest";
import { databaseParameters, instanceLogGroupNames, planReplicas, primaryIdentifier } from "./database-plan.js";

describe("database plan", () => {
  const zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

  it("spreads replicas over the zones, starting away from the primary's zone", () => {
    expect(planReplicas("rusty-saas-production", { replicaCount: 2 }, zones)).toEqual([
      { identifier: "rusty-saas-production-db-replica-1", availabilityZone: "eu-west-1b" },
      { identifier: "rusty-saas-production-db-replica-2", availabilityZone: "eu-west-1c" },
    ]);
    expect(planReplicas("p", { replicaCount: 4 }, zones.slice(0, 2)).map((r) => r.availabilityZone)).toEqual([
      "eu-west-1b",
      "eu-west-1a",
      "eu-west-1b",
      "eu-west-1a",
    ]);
    expect(planReplicas("p", { replicaCount: 0 }, zones)).toEqual([]);
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
