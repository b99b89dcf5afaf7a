import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  databaseMaxConnections,
  databaseParameters,
  finalSnapshotIdentifier,
  instanceLogGroupNames,
  needsMonitoringRole,
  planPrimaryZone,
  planReplicas,
  primaryIdentifier,
  rdsIdentifierProblems,
} from "./database-plan.js";
import { instanceClassMemoryGiB, knownInstanceClasses } from "./instance-classes.js";

/** Identifiers RDS accepts for an instance: a letter, then letters, digits and single hyphens, never last. */
const instanceIdentifier = fc
  .tuple(fc.stringMatching(/^[a-z]$/), fc.array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { maxLength: 7 }), fc.boolean())
  .map(([first, words, hyphenated]) => [first, ...words].join(hyphenated ? "-" : ""))
  .filter((id) => id.length <= 63);

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

  it("forces TLS, logs statements slower than the configured threshold and sets the given max_connections", () => {
    const parameters = databaseParameters({ slowQueryMs: 250 }, 337);
    expect(parameters).toContainEqual({ name: "rds.force_ssl", value: "1", applyMethod: "immediate" });
    expect(parameters).toContainEqual({ name: "log_min_duration_statement", value: "250", applyMethod: "immediate" });
    // Static: RDS accepts only pending-reboot for it.
    expect(parameters).toContainEqual({ name: "max_connections", value: "337", applyMethod: "pending-reboot" });
  });

  it("needs the enhanced-monitoring role only while the interval is on", () => {
    expect([0, 1, 5, 60].map((interval) => needsMonitoringRole({ monitoringIntervalSeconds: interval }))).toEqual([
      false,
      true,
      true,
      true,
    ]);
  });

  it("names the log groups RDS exports to", () => {
    expect(instanceLogGroupNames(primaryIdentifier("x"))).toEqual([
      "/aws/rds/instance/x-db/postgresql",
      "/aws/rds/instance/x-db/upgrade",
    ]);
  });

  it("names every final snapshot within RDS's snapshot identifier rules, for any valid instance identifier", () => {
    fc.assert(
      fc.property(instanceIdentifier, fc.stringMatching(/^[0-9a-f]{8}$/), (id, suffix) => {
        expect(rdsIdentifierProblems(id, 63)).toEqual([]);
        const snapshot = finalSnapshotIdentifier(id, suffix);
        expect(rdsIdentifierProblems(snapshot, 255)).toEqual([]);
        expect(snapshot.startsWith(`${id}-final-`)).toBe(true);
      }),
    );
    expect(finalSnapshotIdentifier("rusty-saas-production-db", "0a1b2c3d")).toBe(
      "rusty-saas-production-db-final-0a1b2c3d",
    );
  });

  it("knows RDS's identifier rules: letter first, letters digits hyphens, no trailing or double hyphen, length", () => {
    expect(rdsIdentifierProblems("db-1", 63)).toEqual([]);
    expect(rdsIdentifierProblems("1db", 63)).toEqual(["must start with a letter"]);
    expect(rdsIdentifierProblems("db-", 63)).toEqual(["must not end with a hyphen"]);
    expect(rdsIdentifierProblems("db--1", 63)).toEqual(["must not contain two consecutive hyphens"]);
    expect(rdsIdentifierProblems("db_1", 63)).toEqual(["may contain only letters, digits and hyphens"]);
    expect(rdsIdentifierProblems(`d${"b".repeat(63)}`, 63)).toEqual(["must be 1 to 63 characters"]);
    expect(rdsIdentifierProblems(`d${"b".repeat(63)}`, 255)).toEqual([]);
    expect(() => finalSnapshotIdentifier("bad--id", "00")).toThrow(/two consecutive hyphens/);
    expect(() => finalSnapshotIdentifier("db", "XYZ")).toThrow(/lowercase hex/);
  });

  it("sizes max_connections below RDS's default for the smallest instance class and never above 5000", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...knownInstanceClasses),
        fc.constantFrom(...knownInstanceClasses),
        fc.integer({ min: 0, max: 5 }),
        (instanceClass, replicaInstanceClass, replicaCount) => {
          const value = databaseMaxConnections({ instanceClass, replicaInstanceClass, replicaCount });
          const classes = [instanceClass, ...(replicaCount > 0 ? [replicaInstanceClass] : [])];
          const smallest = Math.min(...classes.map(instanceClassMemoryGiB));
          // RDS's default is LEAST(DBInstanceClassMemory/9531392, 5000) with DBInstanceClassMemory at 90–95 % of
          // the class's memory in public measurements: 80 % bounds it from below.
          expect(value).toBeLessThanOrEqual(Math.min((smallest * 1024 ** 3 * 0.8) / 9531392, 5000));
          expect(value).toBeGreaterThan(50);
        },
      ),
    );
    // Replicas share the primary's parameter group: a smaller replica class sizes everyone down.
    expect(
      databaseMaxConnections({ instanceClass: "db.m7g.large", replicaInstanceClass: "db.t4g.medium", replicaCount: 1 }),
    ).toBe(337);
    expect(
      databaseMaxConnections({ instanceClass: "db.m7g.large", replicaInstanceClass: "db.t4g.medium", replicaCount: 0 }),
    ).toBe(675);
  });
});
