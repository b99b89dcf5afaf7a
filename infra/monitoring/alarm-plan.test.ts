import { describe, expect, it } from "vitest";
import { alarmDescription, alarmPlan, type AlarmContext } from "./alarm-plan.js";

const context: AlarmContext<string> = {
  prefix: "rusty-saas-production",
  loadBalancer: "app/alb/1",
  targetGroup: "targetgroup/tg/2",
  clusterName: "rusty-saas-production",
  serviceName: "api",
  database: {
    primary: "rusty-saas-production-db",
    replicas: ["rusty-saas-production-db-replica-1"],
    instanceClass: "db.m7g.large",
    replicaInstanceClass: "db.t4g.medium",
    allocatedStorageGiB: 100,
    maxConnections: 337,
  },
  cacheNodes: ["rusty-saas-production-cache-001", "rusty-saas-production-cache-002"],
};

describe("alarm plan", () => {
  const plan = alarmPlan(context);
  const named = (name: string) => plan.find((a) => a.name === name);

  it("gives every alarm a unique name and a runbook in its description", () => {
    expect(new Set(plan.map((a) => a.name)).size).toBe(plan.length);
    for (const alarm of plan) expect(alarmDescription(alarm)).toContain(`Runbook: runbooks/alerts/${alarm.key}.md`);
  });

  it("computes the 5xx ratio with metric math over targets and the load balancer", () => {
    const ratio = named("rusty-saas-production-ApiHigh5xxRatio");
    expect(ratio?.math?.expression).toContain("FILL(target5xx, 0) + FILL(elb5xx, 0)");
    expect(Object.keys(ratio?.math?.metrics ?? {}).sort()).toEqual(["elb5xx", "requests", "target5xx"]);
  });

  it("treats missing healthy-host data as down", () => {
    expect(named("rusty-saas-production-ApiNoHealthyTargets")).toMatchObject({
      comparison: "LessThanThreshold",
      threshold: 1,
      treatMissingData: "breaching",
    });
  });

  it("sizes database thresholds from each instance's class and puts replica lag on replicas only", () => {
    // One explicit max_connections for the group every instance shares (the database component's).
    expect(named("rusty-saas-production-DatabaseConnectionsHigh-db")?.threshold).toBe(Math.floor(337 * 0.8));
    expect(named("rusty-saas-production-DatabaseConnectionsHigh-db-replica-1")?.threshold).toBe(Math.floor(337 * 0.8));
    expect(named("rusty-saas-production-DatabaseFreeStorageLow-db")?.threshold).toBe(10 * 1024 ** 3);
    expect(plan.filter((a) => a.key === "DatabaseReplicaLagHigh").map((a) => a.name)).toEqual([
      "rusty-saas-production-DatabaseReplicaLagHigh-db-replica-1",
    ]);
  });

  it("watches replication lag on cache nodes only when there are replicas", () => {
    expect(plan.filter((a) => a.key === "CacheReplicationLagHigh")).toHaveLength(2);
    expect(
      alarmPlan({ ...context, cacheNodes: ["rusty-saas-production-cache-001"] }).filter(
        (a) => a.key === "CacheReplicationLagHigh",
      ),
    ).toHaveLength(0);
  });

  it("uses 60 s periods, 5 of 5 datapoints, except the fast no-healthy-target alarm", () => {
    for (const alarm of plan.filter((a) => a.key !== "ApiNoHealthyTargets"))
      expect([alarm.evaluationPeriods, alarm.datapointsToAlarm]).toEqual([5, 5]);
  });
});
