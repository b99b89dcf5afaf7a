// AWS's documented argument limits (names, lengths, character sets, sizes, windows), checked on every resource of
// both stacks' mocked runs: mocks accept anything, the APIs do not. Each rule cites its API reference in
// infra/AWS-CONSTRAINTS.md, which names this file as the test that holds it.
import { describe, expect, it } from "vitest";
import { rdsIdentifierProblems } from "../../infra/data/database-plan.js";
import { recordedStack, stackNames } from "./harness/recorded-stacks.js";
import type { RecordedResource, StackRun } from "./harness/stack-harness.js";
import { input, ofType, one } from "./harness/stack-queries.js";

/** EC2: security group and rule descriptions, up to 255 of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$* */
const ec2Description = /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{0,255}$/;
/** IAM quotas: inline role policy 10,240 characters, trust policy 2,048 (whitespace not counted). */
const policySize = (text: string) => text.replace(/\s/g, "").length;
/** ElastiCache replication group ids: 1–40 letters, digits, hyphens; a letter first; no trailing or double hyphen. */
const replicationGroupId = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,39}(?<!-)$/;

function all(run: StackRun, ...types: string[]): RecordedResource[] {
  return run.resources.filter((resource) => types.includes(resource.type));
}

/** `hh24:mi-hh24:mi` or `ddd:hh24:mi-ddd:hh24:mi` as minutes of the week (daily windows repeat every day). */
function windowMinutes(window: string): Set<number> {
  const days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
  const parse = (part: string) => {
    const [day, hh, mm] =
      part.includes(":") && part.split(":").length === 3 ? part.split(":") : [undefined, ...part.split(":")];
    return { day: day === undefined ? undefined : days.indexOf(day), minute: Number(hh) * 60 + Number(mm) };
  };
  const [start, end] = window.split("-").map(parse) as [ReturnType<typeof parse>, ReturnType<typeof parse>];
  const minutes = new Set<number>();
  for (const day of start.day === undefined ? [0, 1, 2, 3, 4, 5, 6] : [start.day]) {
    const from = day * 1440 + start.minute;
    const to = (end.day ?? day) * 1440 + end.minute;
    for (let m = from; m < (to > from ? to : to + 7 * 1440); m++) minutes.add(m % (7 * 1440));
  }
  return minutes;
}

const overlaps = (a: string, b: string) => [...windowMinutes(a)].some((m) => windowMinutes(b).has(m));

describe.each(stackNames)("%s stack: AWS argument limits", (stack) => {
  it("describes security groups and their rules only with characters EC2 accepts", async () => {
    const run = await recordedStack(stack);
    const described = all(
      run,
      "aws:ec2/securityGroup:SecurityGroup",
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    );
    expect(described.length).toBeGreaterThan(5);
    for (const resource of described)
      expect(input<string>(resource, "description"), resource.name).toMatch(ec2Description);
  });

  it("keeps every inline role policy and trust policy within IAM's size quotas", async () => {
    const run = await recordedStack(stack);
    for (const policy of ofType(run, "aws:iam/rolePolicy:RolePolicy"))
      expect(policySize(input<string>(policy, "policy")), policy.name).toBeLessThanOrEqual(10_240);
    for (const role of ofType(run, "aws:iam/role:Role"))
      expect(policySize(input<string>(role, "assumeRolePolicy")), role.name).toBeLessThanOrEqual(2_048);
  });

  it("keeps the task definition under ECS's 64 KiB and its names within ECS's patterns", async () => {
    const run = await recordedStack(stack);
    const task = one(run, "aws:ecs/taskDefinition:TaskDefinition");
    expect(Buffer.byteLength(JSON.stringify(task.inputs))).toBeLessThan(64 * 1024);
    expect(input<string>(task, "family")).toMatch(/^[A-Za-z0-9_-]{1,255}$/);
    for (const volume of input<{ name: string }[]>(task, "volumes"))
      expect(volume.name).toMatch(/^[A-Za-z0-9_-]{1,255}$/);
    const containers = JSON.parse(input<string>(task, "containerDefinitions")) as {
      name: string;
      portMappings?: { name: string }[];
      healthCheck?: { interval: number; timeout: number; retries: number; startPeriod: number };
      stopTimeout: number;
    }[];
    for (const container of containers) {
      expect(container.name).toMatch(/^[A-Za-z0-9_-]{1,255}$/);
      for (const port of container.portMappings ?? []) expect(port.name).toMatch(/^[a-z0-9][a-z0-9_-]{0,63}$/);
      // Fargate caps stopTimeout at 120 s; a health check's bounds are interval 5–300, timeout 2–60, retries 1–10,
      // startPeriod 0–300.
      expect(container.stopTimeout).toBeLessThanOrEqual(120);
      const check = container.healthCheck;
      if (check) {
        expect([check.interval >= 5 && check.interval <= 300, check.timeout >= 2 && check.timeout <= 60]).toEqual([
          true,
          true,
        ]);
        expect([check.retries >= 1 && check.retries <= 10, check.startPeriod <= 300]).toEqual([true, true]);
      }
    }
  });

  it("names CloudWatch alarms, metric queries, dashboards and log groups within CloudWatch's limits", async () => {
    const run = await recordedStack(stack);
    for (const alarm of ofType(run, "aws:cloudwatch/metricAlarm:MetricAlarm")) {
      expect(input<string>(alarm, "name").length, alarm.name).toBeLessThanOrEqual(255);
      expect(input<string>(alarm, "alarmDescription").length, alarm.name).toBeLessThanOrEqual(1024);
      for (const query of input<{ id: string; expression?: string }[] | undefined>(alarm, "metricQueries") ?? []) {
        // A query id starts with a lowercase letter; an expression is at most 2,048 characters.
        expect(query.id).toMatch(/^[a-z][a-zA-Z0-9_]{0,254}$/);
        expect((query.expression ?? "").length).toBeLessThanOrEqual(2048);
      }
    }
    expect(input<string>(one(run, "aws:cloudwatch/dashboard:Dashboard"), "dashboardName")).toMatch(
      /^[A-Za-z0-9_-]{1,255}$/,
    );
    for (const group of ofType(run, "aws:cloudwatch/logGroup:LogGroup"))
      expect(input<string>(group, "name")).toMatch(/^[.\-_/#A-Za-z0-9]{1,512}$/);
  });

  it("names RDS instances and snapshots, the cache group, secrets, keys, repositories and topics as their APIs allow", async () => {
    const run = await recordedStack(stack);
    for (const instance of ofType(run, "aws:rds/instance:Instance")) {
      expect(rdsIdentifierProblems(input<string>(instance, "identifier"), 63), instance.name).toEqual([]);
      const snapshot = input<string | undefined>(instance, "finalSnapshotIdentifier");
      if (snapshot !== undefined) expect(rdsIdentifierProblems(snapshot, 255)).toEqual([]);
    }
    const cache = one(run, "aws:elasticache/replicationGroup:ReplicationGroup");
    expect(input<string>(cache, "replicationGroupId")).toMatch(replicationGroupId);
    // AUTH tokens are 16–128 printable characters; the generated one has only letters and digits.
    expect(
      input(one(run, "random:index/randomPassword:RandomPassword", `rusty-saas-${stack}-cache-auth-token`), "length"),
    ).toBeLessThanOrEqual(128);
    for (const secret of ofType(run, "aws:secretsmanager/secret:Secret"))
      expect(input<string>(secret, "namePrefix")).toMatch(/^[A-Za-z0-9/_+=.@-]{1,480}$/);
    for (const alias of ofType(run, "aws:kms/alias:Alias"))
      expect(input<string>(alias, "name")).toMatch(/^alias\/(?!aws\/)[A-Za-z0-9/_-]{1,250}$/);
    expect(input<string>(one(run, "aws:ecr/repository:Repository"), "name")).toMatch(
      /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
    );
    for (const topic of ofType(run, "aws:sns/topic:Topic"))
      expect(input<string>(topic, "name")).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    for (const query of ofType(run, "aws:cloudwatch/queryDefinition:QueryDefinition")) {
      expect(input<string>(query, "name")).toMatch(/^.{1,255}$/s);
      expect(input<string>(query, "queryString").length).toBeLessThanOrEqual(10_000);
      for (const group of input<string[]>(query, "logGroupNames")) expect(group).toMatch(/^[.\-_/#A-Za-z0-9]{1,512}$/);
    }
    for (const bucket of ofType(run, "aws:s3/bucket:Bucket"))
      expect(input<string>(bucket, "bucket")).toMatch(/^(?!xn--)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
    for (const budget of ofType(run, "aws:budgets/budget:Budget"))
      expect(input<string>(budget, "name")).toMatch(/^[^:\\]{1,100}$/);
  });

  it("keeps maintenance, backup and snapshot windows apart and storage autoscaling at least 10 % above the start", async () => {
    const run = await recordedStack(stack);
    const primary = ofType(run, "aws:rds/instance:Instance").find((r) => input(r, "replicateSourceDb") === undefined)!;
    expect(overlaps(input(primary, "backupWindow"), input(primary, "maintenanceWindow"))).toBe(false);
    expect(windowMinutes(input(primary, "backupWindow")).size / 7).toBeGreaterThanOrEqual(30);
    expect(input<number>(primary, "maxAllocatedStorage")).toBeGreaterThanOrEqual(
      1.1 * input<number>(primary, "allocatedStorage"),
    );
    const cache = one(run, "aws:elasticache/replicationGroup:ReplicationGroup");
    expect(overlaps(input(cache, "snapshotWindow"), input(cache, "maintenanceWindow"))).toBe(false);
    // The checker itself: overlapping windows are seen.
    expect(overlaps("03:00-04:00", "sun:03:30-sun:04:30")).toBe(true);
  });

  it("checks targets within the load balancer's health-check bounds and the WAF's name and rate limits", async () => {
    const run = await recordedStack(stack);
    const health = input<{ interval: number; timeout: number; healthyThreshold: number; unhealthyThreshold: number }>(
      one(run, "aws:lb/targetGroup:TargetGroup"),
      "healthCheck",
    );
    expect(health.timeout).toBeLessThan(health.interval);
    for (const threshold of [health.healthyThreshold, health.unhealthyThreshold])
      expect(threshold >= 2 && threshold <= 10).toBe(true);
    for (const acl of ofType(run, "aws:wafv2/webAcl:WebAcl")) {
      const rules = input<
        {
          name: string;
          visibilityConfig: { metricName: string };
          statement: { rateBasedStatement?: { limit: number; evaluationWindowSec: number } };
        }[]
      >(acl, "rules");
      for (const rule of rules) {
        expect(rule.name).toMatch(/^[A-Za-z0-9_-]{1,128}$/);
        expect(rule.visibilityConfig.metricName).toMatch(/^[A-Za-z0-9_-]{1,255}$/);
        const rate = rule.statement.rateBasedStatement;
        if (rate)
          expect([
            rate.limit >= 10 && rate.limit <= 2e9,
            [60, 120, 300, 600].includes(rate.evaluationWindowSec),
          ]).toEqual([true, true]);
      }
    }
  });
});
