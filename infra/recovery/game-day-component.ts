// Game days: one AWS FIS experiment template per failure the stack claims to survive (game-day-plan.ts), each with
// a role of its own that may do exactly that and nothing else, and stopped by the page alarms. Running one is a
// single `aws fis start-experiment` (runbooks/procedures/game-day.md).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, servicePrincipalTrust } from "../iam-documents.js";
import { planExperiments, stopConditionAlarmKeys, type ExperimentPlan, type GameDayContext } from "./game-day-plan.js";

export interface GameDaysArgs extends Omit<GameDayContext, "primaryArn" | "cacheArn"> {
  readonly primaryArn: pulumi.Input<string>;
  readonly cacheArn: pulumi.Input<string>;
  /** Every alarm's ARN by key (the monitoring component's); the stop conditions take the page alarms from it. */
  readonly alarmArns: Readonly<Record<string, pulumi.Input<string>>>;
}

export class GameDays extends pulumi.ComponentResource {
  /** Experiment template ids by key (`stop-api-tasks`, …): what `aws fis start-experiment` takes. */
  readonly templateIds: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: GameDaysArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rusty-saas:recovery:GameDays", name, {}, opts);
    const child = { parent: this };
    const stopConditions = stopConditionAlarmKeys.map((key) => {
      const arn = args.alarmArns[key];
      if (arn === undefined)
        throw new Error(`GameDays ${name}: the stack has no ${key} alarm to stop experiments with`);
      return { source: "aws:cloudwatch:alarm", value: arn };
    });
    // Which experiments exist depends only on plain settings; the ARNs inside them arrive as outputs.
    const keys = planExperiments({ ...args, primaryArn: "", cacheArn: "" }).map((plan) => plan.key);
    const plans = pulumi
      .all([args.primaryArn, args.cacheArn])
      .apply(([primaryArn, cacheArn]) => planExperiments({ ...args, primaryArn, cacheArn }));
    const templateIds: Record<string, pulumi.Output<string>> = {};
    keys.forEach((key, i) => {
      const plan = plans.apply((all) => all[i]!);
      const role = new aws.iam.Role(
        `${args.prefix}-fis-${key}`,
        { assumeRolePolicy: servicePrincipalTrust("fis.amazonaws.com", args.accountId) },
        child,
      );
      new aws.iam.RolePolicy(
        `${args.prefix}-fis-${key}`,
        { role: role.id, policy: plan.apply((p) => policyDocument(...p.rolePolicy)) },
        child,
      );
      const template = new aws.fis.ExperimentTemplate(
        `${args.prefix}-${key}`,
        {
          description: plan.apply((p) => p.description),
          roleArn: role.arn,
          stopConditions,
          actions: plan.apply((p) => [templateAction(p)]),
          targets: plan.apply((p) => [templateTarget(p)]),
          tags: { Name: `${args.prefix}-${key}` },
        },
        child,
      );
      templateIds[key] = template.id;
    });
    this.templateIds = templateIds;
    this.registerOutputs({ templateIds });
  }
}

function templateAction(plan: ExperimentPlan) {
  return {
    name: plan.action.name,
    actionId: plan.action.actionId,
    ...(Object.keys(plan.action.parameters).length > 0
      ? { parameters: Object.entries(plan.action.parameters).map(([key, value]) => ({ key, value })) }
      : {}),
    target: { key: plan.action.targetKey, value: plan.target.name },
  };
}

function templateTarget(plan: ExperimentPlan) {
  return {
    name: plan.target.name,
    resourceType: plan.target.resourceType,
    selectionMode: plan.target.selectionMode,
    ...(plan.target.resourceArns ? { resourceArns: [...plan.target.resourceArns] } : {}),
    ...(plan.target.parameters ? { parameters: { ...plan.target.parameters } } : {}),
  };
}
