import { describe, expect, it } from "vitest";
import type { PolicyStatement } from "../iam-documents.js";
import { actionsWithoutResourceScope, planExperiments, tasksToStop, type GameDayContext } from "./game-day-plan.js";

const context: GameDayContext = {
  prefix: "rusty-saas-staging",
  region: "eu-west-1",
  accountId: "123456789012",
  clusterName: "rusty-saas-staging",
  serviceName: "api",
  minTasks: 1,
  primaryArn: "arn:aws:rds:eu-west-1:123456789012:db:rusty-saas-staging-db",
  primaryMultiAz: false,
  cacheArn: "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:rusty-saas-staging-cache",
  cacheMultiAz: false,
  cacheZone: "eu-west-1a",
};

const listOf = (value: string | readonly string[] | undefined) =>
  value === undefined ? [] : typeof value === "string" ? [value] : [...value];

describe("game-day plan", () => {
  it("stops at least one task and never more than half of the floor", () => {
    expect([1, 2, 3, 4, 12].map(tasksToStop)).toEqual([1, 1, 1, 2, 6]);
  });

  it("fails the primary over only where a standby exists (RebootDBInstance rejects forceFailover otherwise)", () => {
    const reboot = (multiAz: boolean) =>
      planExperiments({ ...context, primaryMultiAz: multiAz }).find((p) => p.key === "reboot-db-primary")!;
    expect(reboot(false).action.parameters).toEqual({ forceFailover: "false" });
    expect(reboot(true).action.parameters).toEqual({ forceFailover: "true" });
  });

  it("interrupts the cache's zone only for a Multi-AZ cache, which the FIS action requires", () => {
    expect(planExperiments(context).map((p) => p.key)).toEqual(["stop-api-tasks", "reboot-db-primary"]);
    const cache = planExperiments({ ...context, cacheMultiAz: true }).find((p) => p.key === "interrupt-cache-zone")!;
    expect(cache.action).toMatchObject({
      actionId: "aws:elasticache:replicationgroup-interrupt-az-power",
      targetKey: "ReplicationGroups",
    });
    expect(cache.target).toMatchObject({
      resourceArns: [context.cacheArn],
      parameters: { availabilityZoneIdentifier: "eu-west-1a" },
    });
  });

  it('gives each role only its action\'s permissions, on its own target ("*" only where IAM offers nothing else)', () => {
    const all = planExperiments({ ...context, cacheMultiAz: true, primaryMultiAz: true });
    const allowed: Record<string, { actions: string[]; resources: string[] }> = {
      "stop-api-tasks": {
        actions: ["ecs:DescribeTasks", "ecs:StopTask", "ecs:ListTasks", "tag:GetResources"],
        resources: ["arn:aws:ecs:eu-west-1:123456789012:task/rusty-saas-staging/*"],
      },
      "reboot-db-primary": {
        actions: ["rds:RebootDBInstance", "rds:DescribeDBInstances", "tag:GetResources"],
        resources: [context.primaryArn],
      },
      "interrupt-cache-zone": {
        actions: ["elasticache:InterruptClusterAzPower", "elasticache:DescribeReplicationGroups", "tag:GetResources"],
        resources: [context.cacheArn],
      },
    };
    for (const plan of all) {
      const statements: readonly PolicyStatement[] = plan.rolePolicy;
      expect(statements.flatMap((s) => listOf(s.Action)).sort(), plan.key).toEqual(allowed[plan.key]!.actions.sort());
      for (const statement of statements) {
        expect(statement.Effect).toBe("Allow");
        for (const action of listOf(statement.Action)) expect(action, plan.key).not.toMatch(/\*/);
        const resources = listOf(statement.Resource);
        if (resources.includes("*")) {
          // Unscoped only for actions without resource-level permissions, or held by a condition on the target.
          const unscopable = listOf(statement.Action).every((a) =>
            (actionsWithoutResourceScope as readonly string[]).includes(a),
          );
          expect(unscopable || statement.Condition !== undefined, `${plan.key} ${statement.Sid}`).toBe(true);
        } else expect(resources, `${plan.key} ${statement.Sid}`).toEqual(allowed[plan.key]!.resources);
      }
      expect(plan.description.length).toBeLessThanOrEqual(512);
    }
    const list = all[0]!.rolePolicy.find((s) => listOf(s.Action).includes("ecs:ListTasks"))!;
    expect(list.Condition).toEqual({
      ArnEquals: { "ecs:cluster": "arn:aws:ecs:eu-west-1:123456789012:cluster/rusty-saas-staging" },
    });
  });

  it("finds the API's tasks by cluster and service when the experiment starts", () => {
    const stop = planExperiments({ ...context, minTasks: 3 })[0]!;
    expect(stop.action).toMatchObject({ actionId: "aws:ecs:stop-task", targetKey: "Tasks" });
    expect(stop.target).toEqual({
      name: "api-tasks",
      resourceType: "aws:ecs:task",
      selectionMode: "COUNT(1)",
      parameters: { cluster: "rusty-saas-staging", service: "api" },
    });
  });
});
