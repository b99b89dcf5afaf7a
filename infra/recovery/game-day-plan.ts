// Game days as data: the AWS FIS experiment templates (what each one breaks, how it picks its target, which page
// alarms stop it) and each one's least-privilege role policy. Pure, over plain strings, so the tests read the
// same documents the component creates. Actions, targets and permissions follow the FIS actions reference; see
// infra/AWS-CONSTRAINTS.md.
import type { PolicyStatement } from "../iam-documents.js";

/**
 * The page alarms that stop every experiment: the API is down (no healthy target) or failing requests beyond its
 * budget. A drill that trips them has found a real weakness, and FIS stops it (RDS reboots and task stops are
 * one-shot; the cache interruption ends early and its zone's power returns).
 */
export const stopConditionAlarmKeys = ["ApiNoHealthyTargets", "ApiHigh5xxRatio"] as const;

/** How long the cache's zone stays without power; long enough for failover and the app's reconnects. */
export const cacheInterruptionDuration = "PT5M";

/** IAM actions without resource-level permissions: "*" is the only Resource AWS accepts for them. */
export const actionsWithoutResourceScope = ["tag:GetResources"] as const;

export interface GameDayContext {
  readonly prefix: string;
  readonly region: string;
  readonly accountId: string;
  readonly clusterName: string;
  readonly serviceName: string;
  /** The autoscaling floor: how many API tasks run at least. */
  readonly minTasks: number;
  readonly primaryArn: string;
  /** forceFailover needs a Multi-AZ primary (RebootDBInstance rejects it otherwise). */
  readonly primaryMultiAz: boolean;
  readonly cacheArn: string;
  /** The FIS zone interruption needs a Multi-AZ replication group with automatic failover. */
  readonly cacheMultiAz: boolean;
  /** The zone whose power the cache experiment cuts. */
  readonly cacheZone: string;
}

export interface ExperimentPlan {
  /** Short name: `<prefix>-<key>` tags the template, the runbook names the key. */
  readonly key: "stop-api-tasks" | "reboot-db-primary" | "interrupt-cache-zone";
  readonly description: string;
  readonly action: {
    readonly name: string;
    readonly actionId: string;
    readonly parameters: Readonly<Record<string, string>>;
    /** The action's target key (FIS fixes it per action: Tasks, DBInstances, ReplicationGroups). */
    readonly targetKey: string;
  };
  readonly target: {
    readonly name: string;
    readonly resourceType: string;
    readonly selectionMode: string;
    readonly resourceArns?: readonly string[];
    readonly parameters?: Readonly<Record<string, string>>;
  };
  readonly rolePolicy: readonly PolicyStatement[];
}

/** At least one task, at most half of the floor: the rest keep serving while ECS replaces the stopped ones. */
export function tasksToStop(minTasks: number): number {
  return Math.max(1, Math.floor(minTasks / 2));
}

/** The experiments the stack can run: the cache one only where the cache is Multi-AZ (FIS requires it). */
export function planExperiments(context: GameDayContext): ExperimentPlan[] {
  const clusterArn = `arn:aws:ecs:${context.region}:${context.accountId}:cluster/${context.clusterName}`;
  const findByTag: PolicyStatement = {
    Sid: "ResolveTargets",
    Effect: "Allow",
    Action: [...actionsWithoutResourceScope],
    Resource: "*",
  };
  const stopTasks: ExperimentPlan = {
    key: "stop-api-tasks",
    description: `${context.prefix}: stop ${tasksToStop(context.minTasks)} API task(s); ECS must replace them without failing requests`,
    action: { name: "stop-api-tasks", actionId: "aws:ecs:stop-task", parameters: {}, targetKey: "Tasks" },
    target: {
      name: "api-tasks",
      resourceType: "aws:ecs:task",
      selectionMode: `COUNT(${tasksToStop(context.minTasks)})`,
      // Task ARNs change with every deployment: FIS resolves the service's running tasks when the experiment starts.
      parameters: { cluster: context.clusterName, service: context.serviceName },
    },
    rolePolicy: [
      {
        Sid: "StopApiTasks",
        Effect: "Allow",
        Action: ["ecs:DescribeTasks", "ecs:StopTask"],
        Resource: `arn:aws:ecs:${context.region}:${context.accountId}:task/${context.clusterName}/*`,
      },
      {
        // ListTasks is authorised on container instances, which Fargate has none of: scoped by the cluster key.
        Sid: "ListApiTasks",
        Effect: "Allow",
        Action: ["ecs:ListTasks"],
        Resource: "*",
        Condition: { ArnEquals: { "ecs:cluster": clusterArn } },
      },
      findByTag,
    ],
  };
  const rebootPrimary: ExperimentPlan = {
    key: "reboot-db-primary",
    description: context.primaryMultiAz
      ? `${context.prefix}: reboot the database primary with a Multi-AZ failover`
      : `${context.prefix}: reboot the single-AZ database primary (no standby to fail over to)`,
    action: {
      name: "reboot-db-primary",
      actionId: "aws:rds:reboot-db-instances",
      parameters: { forceFailover: String(context.primaryMultiAz) },
      targetKey: "DBInstances",
    },
    target: {
      name: "db-primary",
      resourceType: "aws:rds:db",
      selectionMode: "ALL",
      resourceArns: [context.primaryArn],
    },
    rolePolicy: [
      {
        Sid: "RebootPrimary",
        Effect: "Allow",
        Action: ["rds:RebootDBInstance", "rds:DescribeDBInstances"],
        Resource: context.primaryArn,
      },
      findByTag,
    ],
  };
  const interruptCache: ExperimentPlan = {
    key: "interrupt-cache-zone",
    description: `${context.prefix}: cut the power of the cache's nodes in ${context.cacheZone} for ${cacheInterruptionDuration}; a replica elsewhere takes over`,
    action: {
      name: "interrupt-cache-zone",
      actionId: "aws:elasticache:replicationgroup-interrupt-az-power",
      parameters: { duration: cacheInterruptionDuration },
      targetKey: "ReplicationGroups",
    },
    target: {
      name: "cache",
      resourceType: "aws:elasticache:replicationgroup",
      selectionMode: "ALL",
      resourceArns: [context.cacheArn],
      parameters: { availabilityZoneIdentifier: context.cacheZone },
    },
    rolePolicy: [
      {
        Sid: "InterruptCacheZone",
        Effect: "Allow",
        Action: ["elasticache:InterruptClusterAzPower", "elasticache:DescribeReplicationGroups"],
        Resource: context.cacheArn,
      },
      findByTag,
    ],
  };
  return [stopTasks, rebootPrimary, ...(context.cacheMultiAz && context.cacheZone !== "" ? [interruptCache] : [])];
}
