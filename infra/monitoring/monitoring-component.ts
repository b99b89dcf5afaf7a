// Alarms on AWS: an SNS topic (e-mail subscribers from config), the watchdog topic, every CloudWatch alarm of the
// alarm plan and the dead-man's switch, each naming its runbook, a dashboard, and (unless its amount is 0) a
// monthly cost budget that alerts the same topic.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { MonitoringSettings } from "../config.js";
import { policyDocument } from "../iam-documents.js";
import {
  alarmDescription,
  alarmPeriodSeconds,
  alarmPlan,
  deploymentAlarmKeys,
  type AlarmContext,
  type AlarmSpec,
  type MetricSpec,
} from "./alarm-plan.js";
import { dashboardBody } from "./dashboard-plan.js";
import { deadMansSwitchAlarm, watchdogTopicName } from "./dead-mans-switch-plan.js";

export interface MonitoringArgs {
  readonly prefix: string;
  readonly environment: string;
  readonly region: string;
  readonly accountId: string;
  readonly settings: MonitoringSettings;
  readonly alarms: AlarmContext<pulumi.Output<string>>;
}

export class Monitoring extends pulumi.ComponentResource {
  readonly topicArn: pulumi.Output<string>;
  /** Where Managed Prometheus sends the Watchdog; the AlertPipelineSilent alarm watches it. */
  readonly watchdogTopicArn: pulumi.Output<string>;
  readonly alarmNames: string[];
  /** The alarms that roll an ECS deployment back (5xx ratio, p99 latency). */
  readonly deploymentAlarmNames: string[];
  /** Every alarm's ARN by its key (the runbook page's name): the game days' stop conditions name them. */
  readonly alarmArns: Readonly<Record<string, pulumi.Output<string>>>;
  readonly dashboardUrl: pulumi.Output<string>;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rusty-saas:monitoring:Monitoring", name, {}, opts);
    const child = { parent: this };
    // SSE with the stack key would need CloudWatch, Budgets and AMP in its key policy; alarm messages carry names
    // and thresholds, no customer data, so the topic uses SNS's default at-rest handling.
    const topic = new aws.sns.Topic(`${args.prefix}-alarms`, { name: `${args.prefix}-alarms` }, child);
    new aws.sns.TopicPolicy(
      `${args.prefix}-alarms-policy`,
      { arn: topic.arn, policy: topic.arn.apply((arn) => alarmTopicPolicy(arn, args.accountId)) },
      child,
    );
    args.settings.alarmEmails.forEach(
      (email, i) =>
        new aws.sns.TopicSubscription(
          `${args.prefix}-alarms-email-${i + 1}`,
          { topic: topic.arn, protocol: "email", endpoint: email },
          child,
        ),
    );
    this.topicArn = topic.arn;
    const watchdog = new aws.sns.Topic(
      `${args.prefix}-alert-watchdog`,
      { name: watchdogTopicName(args.prefix) },
      child,
    );
    new aws.sns.TopicPolicy(
      `${args.prefix}-alert-watchdog-policy`,
      { arn: watchdog.arn, policy: watchdog.arn.apply((arn) => watchdogTopicPolicy(arn, args.accountId)) },
      child,
    );
    this.watchdogTopicArn = watchdog.arn;

    const specs = [...alarmPlan(args.alarms), deadMansSwitchAlarm<pulumi.Output<string>>(args.prefix)];
    const alarms = specs.map((spec) => this.alarm(spec, topic.arn));
    this.alarmNames = specs.map((spec) => spec.name);
    this.alarmArns = Object.fromEntries(specs.map((spec, i) => [spec.key, alarms[i]!.arn]));
    this.deploymentAlarmNames = specs
      .filter((spec) => (deploymentAlarmKeys as readonly string[]).includes(spec.key))
      .map((spec) => spec.name);

    const dashboard = new aws.cloudwatch.Dashboard(
      `${args.prefix}-dashboard`,
      {
        dashboardName: args.prefix,
        dashboardBody: pulumi
          .all([args.alarms.loadBalancer, args.alarms.targetGroup, pulumi.all(alarms.map((a) => a.arn))])
          .apply(([loadBalancer, targetGroup, alarmArns]) =>
            dashboardBody({
              region: args.region,
              loadBalancer,
              targetGroup,
              clusterName: args.alarms.clusterName,
              serviceName: args.alarms.serviceName,
              databaseInstances: [args.alarms.database.primary, ...args.alarms.database.replicas],
              cacheNodes: args.alarms.cacheNodes,
              alarmArns,
            }),
          ),
      },
      child,
    );
    this.dashboardUrl = pulumi.interpolate`https://${args.region}.console.aws.amazon.com/cloudwatch/home?region=${args.region}#dashboards/dashboard/${dashboard.dashboardName}`;
    if (args.settings.monthlyBudgetUsd > 0) this.budget(args, topic.arn);
    this.registerOutputs({ topicArn: this.topicArn, dashboardUrl: this.dashboardUrl });
  }

  private alarm(spec: AlarmSpec<pulumi.Output<string>>, topicArn: pulumi.Output<string>): aws.cloudwatch.MetricAlarm {
    const stat = (metric: MetricSpec<pulumi.Output<string>>) =>
      /^p\d/.test(metric.stat) ? { extendedStatistic: metric.stat } : { statistic: metric.stat };
    const single = spec.metric
      ? {
          namespace: spec.metric.namespace,
          metricName: spec.metric.metricName,
          dimensions: spec.metric.dimensions,
          period: alarmPeriodSeconds,
          ...stat(spec.metric),
        }
      : {};
    const math = spec.math
      ? {
          metricQueries: [
            { id: "e1", expression: spec.math.expression, label: spec.key, returnData: true },
            ...Object.entries(spec.math.metrics).map(([id, metric]) => ({
              id,
              returnData: false,
              metric: {
                namespace: metric.namespace,
                metricName: metric.metricName,
                dimensions: metric.dimensions,
                period: alarmPeriodSeconds,
                stat: metric.stat,
              },
            })),
          ],
        }
      : {};
    return new aws.cloudwatch.MetricAlarm(
      spec.name,
      {
        name: spec.name,
        alarmDescription: alarmDescription(spec),
        comparisonOperator: spec.comparison,
        threshold: spec.threshold,
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm,
        treatMissingData: spec.treatMissingData,
        alarmActions: [topicArn],
        okActions: [topicArn],
        ...single,
        ...math,
      },
      { parent: this },
    );
  }

  private budget(args: MonitoringArgs, topicArn: pulumi.Output<string>): void {
    const notify = (threshold: number, notificationType: "ACTUAL" | "FORECASTED") => ({
      comparisonOperator: "GREATER_THAN",
      threshold,
      thresholdType: "PERCENTAGE",
      notificationType,
      subscriberSnsTopicArns: [topicArn],
    });
    new aws.budgets.Budget(
      `${args.prefix}-monthly`,
      {
        name: `${args.prefix}-monthly`,
        budgetType: "COST",
        timeUnit: "MONTHLY",
        limitAmount: String(args.settings.monthlyBudgetUsd),
        limitUnit: "USD",
        // Needs the Environment tag activated as a cost allocation tag in Billing (infra/README.md).
        costFilters: [{ name: "TagKeyValue", values: [`user:Environment$${args.environment}`] }],
        notifications: [notify(80, "ACTUAL"), notify(100, "FORECASTED")],
      },
      { parent: this },
    );
  }
}

/** CloudWatch alarms, Budgets and Managed Prometheus's alert manager may publish, for this account only. */
export function alarmTopicPolicy(topicArn: string, accountId: string): string {
  return publishPolicy(topicArn, accountId, ["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "aps.amazonaws.com"]);
}

/** Only Managed Prometheus's alert manager publishes the Watchdog. */
export function watchdogTopicPolicy(topicArn: string, accountId: string): string {
  return publishPolicy(topicArn, accountId, ["aps.amazonaws.com"]);
}

function publishPolicy(topicArn: string, accountId: string, services: readonly string[]): string {
  return policyDocument(
    ...services.map((service) => ({
      Sid: service.split(".")[0],
      Effect: "Allow" as const,
      Principal: { Service: service },
      Action: ["sns:Publish", "sns:GetTopicAttributes"],
      Resource: topicArn,
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    })),
  );
}
