// What the alarms do with realistic traffic, evaluated minute by minute as CloudWatch would (harness/metric-math.ts
// parses the real expressions): the 5xx ratio is not diluted by port-80 redirects and reads 100 % with no target,
// and the replica-lag alarm stays quiet on an idle database yet catches a stuck replica.
import { describe, expect, it } from "vitest";
import {
  alarmPlan,
  idleReplicaLagCeilingSeconds,
  type AlarmContext,
  type AlarmSpec,
} from "../../infra/monitoring/alarm-plan.js";
import { alarmValues, firstAlarmMinute, parseExpression, type Series } from "./harness/metric-math.js";

const context: AlarmContext<string> = {
  prefix: "p",
  loadBalancer: "app/alb/1",
  targetGroup: "targetgroup/tg/2",
  clusterName: "p",
  serviceName: "api",
  database: {
    primary: "p-db",
    replicas: ["p-db-replica-1"],
    instanceClass: "db.t4g.medium",
    replicaInstanceClass: "db.t4g.medium",
    allocatedStorageGiB: 20,
    maxConnections: 337,
  },
  cacheNodes: ["p-cache-001"],
};
const plan = alarmPlan(context);
const alarm = (key: string): AlarmSpec<string> => {
  const found = plan.find((spec) => spec.key === key);
  if (!found) throw new Error(`no alarm ${key}`);
  return found;
};
const minutes = 30;
const constant = (value: number | undefined): Series => Array.from({ length: minutes }, () => value);

/** Load-balancer traffic per minute: what reached the target group, what it answered, and the redirects. */
function albSeries(traffic: { routed?: number; target5xx?: number; elb5xx?: number; redirects?: number }) {
  const { routed, target5xx, elb5xx, redirects = 0 } = traffic;
  return {
    // RequestCount by load balancer counts everything it answered, the port-80 redirects included.
    "RequestCount{LoadBalancer}": constant((routed ?? 0) + (elb5xx ?? 0) + redirects),
    // By target group: only what was routed to a target (none when nothing is registered).
    "RequestCount{LoadBalancer,TargetGroup}": constant(routed),
    "HTTPCode_Target_5XX_Count{LoadBalancer,TargetGroup}": constant(target5xx),
    "HTTPCode_ELB_5XX_Count{LoadBalancer}": constant(elb5xx),
  };
}

describe("the metric math evaluator", () => {
  it("computes arithmetic, comparisons, IF and FILL as CloudWatch defines them", () => {
    const at = (expression: string, env: Record<string, number | undefined>) => parseExpression(expression)(env);
    expect(at("100 * (a + b) / c", { a: 1, b: 2, c: 6 })).toBe(50);
    expect(at("IF(a > 0, 1, 2)", { a: 0 })).toBe(2);
    expect(at("FILL(a, 7) + 1", { a: undefined })).toBe(8);
    expect(at("a + 1", { a: undefined })).toBeUndefined();
    expect(() => parseExpression("RATE(a)")({ a: 1 })).toThrow(/unsupported function RATE/);
  });
});

describe("ApiHigh5xxRatio", () => {
  const ratio = alarm("ApiHigh5xxRatio");
  const firesOn = (traffic: Parameters<typeof albSeries>[0]) =>
    firstAlarmMinute(ratio, alarmValues(ratio, albSeries(traffic), minutes));

  it("fires on 10 % failing API requests even when ten times as many plain-HTTP requests are redirected", () => {
    const values = alarmValues(ratio, albSeries({ routed: 1000, target5xx: 100, redirects: 10_000 }), minutes);
    expect(values[0]).toBe(10);
    expect(firesOn({ routed: 1000, target5xx: 100, redirects: 10_000 })).toBe(4);
  });

  it("reads 100 % when no target is registered and the load balancer answers every request 503", () => {
    expect(alarmValues(ratio, albSeries({ elb5xx: 300 }), minutes)[0]).toBe(100);
    expect(firesOn({ elb5xx: 300, redirects: 50 })).toBe(4);
  });

  it("stays quiet at 1 % errors, and with no traffic at all", () => {
    expect(firesOn({ routed: 1000, target5xx: 10, redirects: 5000 })).toBeUndefined();
    expect(firesOn({ redirects: 100 })).toBeUndefined();
    expect(firesOn({})).toBeUndefined();
  });
});

describe("DatabaseReplicaLagHigh", () => {
  const lag = alarm("DatabaseReplicaLagHigh");
  const day = 24 * 60;
  const run = (series: Series) =>
    firstAlarmMinute(lag, alarmValues(lag, { "ReplicaLag{DBInstanceIdentifier}": series }, day));

  it("never fires in a whole day on an idle primary, whose replica reports lag climbing to 5 minutes and resetting", () => {
    // The age of the last replayed transaction grows by 60 s a minute until the next WAL switch brings it back.
    const idle = Array.from({ length: day }, (_, minute) => ((minute % 5) + 1) * 60);
    expect(Math.max(...idle)).toBe(idleReplicaLagCeilingSeconds);
    expect(run(idle)).toBeUndefined();
  });

  it("fires within 15 minutes on a replica that stopped replaying while the primary keeps writing", () => {
    const stuck = Array.from({ length: day }, (_, minute) => minute * 60);
    const fired = run(stuck);
    expect(fired).toBeDefined();
    expect(fired!).toBeLessThanOrEqual(15);
  });
});
