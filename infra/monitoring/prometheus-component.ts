// Amazon Managed Prometheus: the workspace the ADOT sidecar remote-writes to, one rule-group namespace per rule
// file under monitoring/rules/, and the alert manager (monitoring/alertmanager.yml with the stack's SNS topics).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alertManagerDefinition, type AlertTopics, type RuleFile } from "./prometheus-plan.js";

export interface PrometheusArgs {
  readonly prefix: string;
  readonly environment: string;
  readonly region: string;
  readonly logRetentionDays: number;
  readonly ruleFiles: readonly RuleFile[];
  readonly alertManagerRouting: string;
  readonly topics: { readonly [K in keyof AlertTopics]: pulumi.Input<string> };
}

export class Prometheus extends pulumi.ComponentResource {
  readonly workspaceId: pulumi.Output<string>;
  readonly workspaceArn: pulumi.Output<string>;
  readonly remoteWriteUrl: pulumi.Output<string>;

  constructor(name: string, args: PrometheusArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rusty-saas:monitoring:Prometheus", name, {}, opts);
    const child = { parent: this };
    const logs = new aws.cloudwatch.LogGroup(
      `${args.prefix}-amp-logs`,
      { name: `/${args.prefix}/prometheus`, retentionInDays: args.logRetentionDays },
      child,
    );
    const workspace = new aws.amp.Workspace(
      `${args.prefix}-amp`,
      {
        alias: args.prefix,
        // Rule evaluation and alert manager errors land here (a rule that fails to load is otherwise silent).
        loggingConfiguration: { logGroupArn: pulumi.interpolate`${logs.arn}:*` },
      },
      child,
    );
    this.workspaceId = workspace.id;
    this.workspaceArn = workspace.arn;
    this.remoteWriteUrl = pulumi.interpolate`${workspace.prometheusEndpoint}api/v1/remote_write`;
    for (const file of args.ruleFiles) {
      new aws.amp.RuleGroupNamespace(
        `${args.prefix}-rules-${file.name}`,
        { workspaceId: workspace.id, name: file.name, data: file.content },
        child,
      );
    }
    new aws.amp.AlertManagerDefinition(
      `${args.prefix}-alertmanager`,
      {
        workspaceId: workspace.id,
        definition: pulumi
          .all([args.topics.alarms, args.topics.watchdog])
          .apply(([alarms, watchdog]) =>
            alertManagerDefinition(args.alertManagerRouting, { alarms, watchdog }, args.region, args.environment),
          ),
      },
      child,
    );
    this.registerOutputs({ workspaceId: this.workspaceId });
  }
}
