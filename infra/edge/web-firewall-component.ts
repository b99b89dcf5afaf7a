// WAF in front of the load balancer: a per-IP rate limit and AWS's managed rule groups.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { wafRules } from "./edge-plan.js";

export interface WebFirewallArgs {
  readonly prefix: string;
  readonly loadBalancerArn: pulumi.Input<string>;
  readonly ratePer5Minutes: number;
}

export class WebFirewall extends pulumi.ComponentResource {
  readonly webAclArn: pulumi.Output<string>;

  constructor(name: string, args: WebFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rusty-saas:edge:WebFirewall", name, {}, opts);
    const visibility = (metricName: string) => ({
      cloudwatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const rules = wafRules().map((rule) =>
      rule.kind === "rate"
        ? {
            name: rule.name,
            priority: rule.priority,
            action: { block: {} },
            statement: {
              rateBasedStatement: { limit: args.ratePer5Minutes, aggregateKeyType: "IP", evaluationWindowSec: 300 },
            },
            visibilityConfig: visibility(rule.name),
          }
        : {
            name: rule.name,
            priority: rule.priority,
            overrideAction: { none: {} },
            visibilityConfig: visibility(rule.name),
            statement: {
              managedRuleGroupStatement: {
                vendorName: "AWS",
                name: rule.name,
                ruleActionOverrides: (rule.countOnly ?? []).map((ruleName) => ({
                  name: ruleName,
                  actionToUse: { count: {} },
                })),
              },
            },
          },
    );
    const acl = new aws.wafv2.WebAcl(
      `${args.prefix}-waf`,
      {
        scope: "REGIONAL",
        description: `${args.prefix} API`,
        defaultAction: { allow: {} },
        rules,
        visibilityConfig: visibility(`${args.prefix}-waf`),
      },
      { parent: this },
    );
    new aws.wafv2.WebAclAssociation(
      `${args.prefix}-waf-alb`,
      { resourceArn: args.loadBalancerArn, webAclArn: acl.arn },
      { parent: this },
    );
    this.webAclArn = acl.arn;
    this.registerOutputs({ webAclArn: this.webAclArn });
  }
}
