// The public edge: an ALB in the public subnets with a DNS-validated ACM certificate, HTTPS on the TLS 1.3
// policy, HTTP answering 301, a target group checking /ready, the DNS alias, optional WAF and access logs.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EdgeSettings } from "../config.js";
import { loadBalancerLogicalNames } from "../naming.js";
import { internetFacingTag } from "../policy/network-policies.js";
import { AccessLogBucket } from "./access-log-bucket-component.js";
import { albIdleTimeoutSeconds, hstsHeaderValue, targetHealthCheck, tlsPolicy } from "./edge-plan.js";
import { WebFirewall } from "./web-firewall-component.js";

export interface EdgeArgs {
  readonly prefix: string;
  readonly environment: string;
  readonly settings: EdgeSettings;
  readonly vpcId: pulumi.Input<string>;
  readonly publicSubnetIds: pulumi.Input<string>[];
  readonly serviceSecurityGroupId: pulumi.Input<string>;
  readonly appPort: number;
  readonly deregistrationDelaySeconds: number;
  readonly hostedZoneId: string;
  readonly accountId: string;
  readonly provider: aws.Provider;
  readonly protect: boolean;
}

export class Edge extends pulumi.ComponentResource {
  readonly apiUrl: string;
  readonly loadBalancerArn: pulumi.Output<string>;
  readonly loadBalancerArnSuffix: pulumi.Output<string>;
  readonly loadBalancerDnsName: pulumi.Output<string>;
  readonly targetGroupArn: pulumi.Output<string>;
  readonly targetGroupArnSuffix: pulumi.Output<string>;
  /** `<alb arn suffix>/<target group arn suffix>`: the ALBRequestCountPerTarget scaling metric's label. */
  readonly requestCountResourceLabel: pulumi.Output<string>;
  /** The HTTPS listener: the service waits for it so its first tasks register behind a live listener. */
  readonly httpsListener: aws.lb.Listener;

  constructor(name: string, args: EdgeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rusty-saas:edge:Edge", name, {}, opts);
    const { prefix, settings } = args;
    const child = { parent: this };
    const sg = this.securityGroup(args);

    const logs = settings.accessLogs ? this.accessLogs(args) : undefined;
    const lbNames = loadBalancerLogicalNames(args.environment);
    const alb = new aws.lb.LoadBalancer(
      lbNames.loadBalancer,
      {
        loadBalancerType: "application",
        internal: false,
        subnets: args.publicSubnetIds,
        securityGroups: [sg.id],
        idleTimeout: albIdleTimeoutSeconds,
        dropInvalidHeaderFields: true,
        enableDeletionProtection: settings.deletionProtection,
        accessLogs: logs ? { bucket: logs.bucketName, enabled: true } : undefined,
      },
      { parent: this, dependsOn: logs?.ready ?? [] },
    );
    this.loadBalancerArn = alb.arn;
    this.loadBalancerArnSuffix = alb.arnSuffix;
    this.loadBalancerDnsName = alb.dnsName;

    const targetGroup = new aws.lb.TargetGroup(
      lbNames.targetGroup,
      {
        port: args.appPort,
        protocol: "HTTP",
        targetType: "ip",
        vpcId: args.vpcId,
        deregistrationDelay: args.deregistrationDelaySeconds,
        healthCheck: { ...targetHealthCheck, enabled: true },
      },
      child,
    );
    this.targetGroupArn = targetGroup.arn;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
    this.requestCountResourceLabel = pulumi.interpolate`${alb.arnSuffix}/${targetGroup.arnSuffix}`;

    this.httpsListener = this.listeners(args, alb, targetGroup);
    new aws.route53.Record(
      `${prefix}-api-alias`,
      {
        zoneId: args.hostedZoneId,
        name: settings.domainName,
        type: "A",
        aliases: [{ name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true }],
      },
      child,
    );
    if (settings.wafEnabled)
      new WebFirewall(
        `${prefix}-waf`,
        { prefix, loadBalancerArn: alb.arn, ratePer5Minutes: settings.wafRateLimitPer5Minutes },
        child,
      );
    this.apiUrl = `https://${settings.domainName}`;
    this.registerOutputs({ apiUrl: this.apiUrl, loadBalancerDnsName: this.loadBalancerDnsName });
  }

  /** HTTPS (TLS 1.3 policy, validated certificate, HSTS by config) forwarding to the API; HTTP only redirects. */
  private listeners(args: EdgeArgs, alb: aws.lb.LoadBalancer, targetGroup: aws.lb.TargetGroup): aws.lb.Listener {
    const child = { parent: this };
    const https = new aws.lb.Listener(
      `${args.prefix}-https`,
      {
        loadBalancerArn: alb.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: tlsPolicy,
        certificateArn: this.certificate(args),
        defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
        routingHttpResponseStrictTransportSecurityHeaderValue: args.settings.hsts ? hstsHeaderValue : undefined,
      },
      child,
    );
    new aws.lb.Listener(
      `${args.prefix}-http`,
      {
        loadBalancerArn: alb.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
      },
      child,
    );
    return https;
  }

  /** The only group open to the internet (80/443), and the only way into the service's API port. */
  private securityGroup(args: EdgeArgs): aws.ec2.SecurityGroup {
    const { prefix } = args;
    const child = { parent: this };
    const sg = new aws.ec2.SecurityGroup(
      `${prefix}-alb-sg`,
      {
        vpcId: args.vpcId,
        description: "Internet-facing load balancer",
        tags: { Name: `${prefix}-alb`, [internetFacingTag.key]: internetFacingTag.value },
      },
      child,
    );
    for (const port of [80, 443]) {
      new aws.vpc.SecurityGroupIngressRule(
        `${prefix}-alb-in-${port}`,
        {
          securityGroupId: sg.id,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: "0.0.0.0/0",
          description: port === 443 ? "HTTPS from anywhere" : "HTTP from anywhere (redirected)",
        },
        child,
      );
    }
    new aws.vpc.SecurityGroupEgressRule(
      `${prefix}-alb-to-service`,
      {
        securityGroupId: sg.id,
        ipProtocol: "tcp",
        fromPort: args.appPort,
        toPort: args.appPort,
        referencedSecurityGroupId: args.serviceSecurityGroupId,
        description: "To the service tasks on the API port",
      },
      child,
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${prefix}-service-from-alb`,
      {
        securityGroupId: args.serviceSecurityGroupId,
        ipProtocol: "tcp",
        fromPort: args.appPort,
        toPort: args.appPort,
        referencedSecurityGroupId: sg.id,
        description: "API port from the load balancer only",
      },
      child,
    );
    return sg;
  }

  private certificate(args: EdgeArgs): pulumi.Output<string> {
    const child = { parent: this };
    const certificate = new aws.acm.Certificate(
      `${args.prefix}-api-cert`,
      { domainName: args.settings.domainName, validationMethod: "DNS" },
      child,
    );
    const option = certificate.domainValidationOptions.apply((options) => {
      const first = options[0];
      if (!first) throw new Error(`ACM returned no DNS validation record for ${args.settings.domainName}`);
      return first;
    });
    const record = new aws.route53.Record(
      `${args.prefix}-api-cert-validation`,
      {
        zoneId: args.hostedZoneId,
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        records: [option.resourceRecordValue],
        ttl: 60,
        allowOverwrite: true,
      },
      child,
    );
    const validation = new aws.acm.CertificateValidation(
      `${args.prefix}-api-cert-validation`,
      { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
      child,
    );
    return validation.certificateArn;
  }

  private accessLogs(args: EdgeArgs): AccessLogBucket {
    const elbAccount = aws.elb.getServiceAccountOutput({}, { parent: this, provider: args.provider });
    return new AccessLogBucket(
      `${args.prefix}-alb-logs`,
      {
        bucketName: `${args.prefix}-alb-logs-${args.accountId}`,
        retentionDays: args.settings.accessLogRetentionDays,
        accountId: args.accountId,
        elbAccountArn: elbAccount.arn,
        protect: args.protect,
      },
      { parent: this },
    );
  }
}
