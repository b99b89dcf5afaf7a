// The VPC: public subnets (load balancer, NAT), private subnets (service tasks, egress through NAT) and isolated
// subnets (database and cache, no route out), over the configured zones; VPC endpoints; flow logs.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NetworkSettings } from "../config.js";
import { natGatewayCount, natGatewayIndexForZone, planSubnets, type SubnetTier } from "./subnet-plan.js";
import { flowLogRolePolicy, servicePrincipalTrust } from "../iam-documents.js";

export interface NetworkArgs {
  readonly prefix: string;
  readonly region: string;
  readonly accountId: string;
  readonly settings: NetworkSettings;
  /** Zone names the region offers, in order; the first `zoneCount` are used. */
  readonly zoneNames: readonly string[];
}

export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly vpcCidr: string;
  readonly zoneNames: readonly string[];
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly isolatedSubnetIds: pulumi.Output<string>[];
  /** The service tasks' group; data stores admit only it. Its ingress from the load balancer is the edge's rule. */
  readonly serviceSecurityGroupId: pulumi.Output<string>;
  private readonly region: string;
  private readonly accountId: string;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rusty-saas:network:Network", name, {}, opts);
    if (args.zoneNames.length < args.settings.zoneCount)
      throw new Error(`Network ${name}: ${args.settings.zoneCount} zones requested, ${args.zoneNames.length} given`);
    const { prefix, settings } = args;
    const child = { parent: this };
    this.vpcCidr = settings.vpcCidr;
    this.region = args.region;
    this.accountId = args.accountId;
    this.zoneNames = args.zoneNames.slice(0, settings.zoneCount);

    const vpc = new aws.ec2.Vpc(
      `${prefix}-vpc`,
      {
        cidrBlock: settings.vpcCidr,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: { Name: `${prefix}-vpc` },
      },
      child,
    );
    this.vpcId = vpc.id;
    // Adopting the default group with no rules strips the allow-all rules AWS puts on it.
    new aws.ec2.DefaultSecurityGroup(
      `${prefix}-default-sg`,
      { vpcId: vpc.id, tags: { Name: `${prefix}-default-unused` } },
      child,
    );

    const subnets = this.createSubnets(prefix, vpc, settings);
    this.publicSubnetIds = subnets.public.map((s) => s.id);
    this.privateSubnetIds = subnets.private.map((s) => s.id);
    this.isolatedSubnetIds = subnets.isolated.map((s) => s.id);

    const routeTables = this.createRouting(prefix, vpc, subnets, settings);
    const serviceSg = new aws.ec2.SecurityGroup(
      `${prefix}-service-sg`,
      { vpcId: vpc.id, description: "API service tasks", tags: { Name: `${prefix}-service` } },
      child,
    );
    this.serviceSecurityGroupId = serviceSg.id;
    // Tasks call AWS APIs (Secrets Manager, ECR, Logs, AMP) over HTTPS, through endpoints or NAT.
    new aws.vpc.SecurityGroupEgressRule(
      `${prefix}-service-egress-https`,
      {
        securityGroupId: serviceSg.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "0.0.0.0/0",
        description: "HTTPS to AWS APIs",
      },
      child,
    );

    this.createEndpoints(prefix, vpc, routeTables, subnets.private, serviceSg, settings);
    this.createFlowLogs(prefix, vpc, settings.flowLogRetentionDays);
    this.registerOutputs({ vpcId: this.vpcId });
  }

  private createSubnets(
    prefix: string,
    vpc: aws.ec2.Vpc,
    settings: NetworkSettings,
  ): Record<SubnetTier, aws.ec2.Subnet[]> {
    const byTier: Record<SubnetTier, aws.ec2.Subnet[]> = { public: [], private: [], isolated: [] };
    for (const planned of planSubnets(settings.vpcCidr, settings.zoneCount)) {
      const name = `${prefix}-${planned.tier}-${planned.zoneIndex + 1}`;
      byTier[planned.tier].push(
        new aws.ec2.Subnet(
          name,
          {
            vpcId: vpc.id,
            cidrBlock: planned.cidr,
            availabilityZone: this.zoneNames[planned.zoneIndex],
            mapPublicIpOnLaunch: false,
            tags: { Name: name, Tier: planned.tier },
          },
          { parent: this },
        ),
      );
    }
    return byTier;
  }

  private createRouting(
    prefix: string,
    vpc: aws.ec2.Vpc,
    subnets: Record<SubnetTier, aws.ec2.Subnet[]>,
    settings: NetworkSettings,
  ): aws.ec2.RouteTable[] {
    const child = { parent: this };
    const igw = new aws.ec2.InternetGateway(`${prefix}-igw`, { vpcId: vpc.id, tags: { Name: `${prefix}-igw` } }, child);
    const publicRt = new aws.ec2.RouteTable(
      `${prefix}-public-rt`,
      { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: { Name: `${prefix}-public` } },
      child,
    );
    subnets.public.forEach(
      (subnet, i) =>
        new aws.ec2.RouteTableAssociation(
          `${prefix}-public-rta-${i + 1}`,
          { subnetId: subnet.id, routeTableId: publicRt.id },
          child,
        ),
    );

    const natCount = natGatewayCount(settings.natGateways, settings.zoneCount);
    const nats = Array.from({ length: natCount }, (_, i) => {
      const eip = new aws.ec2.Eip(
        `${prefix}-nat-eip-${i + 1}`,
        { domain: "vpc", tags: { Name: `${prefix}-nat-${i + 1}` } },
        child,
      );
      const publicSubnet = subnets.public[i];
      if (!publicSubnet) throw new Error(`no public subnet for NAT gateway ${i + 1}`);
      return new aws.ec2.NatGateway(
        `${prefix}-nat-${i + 1}`,
        { allocationId: eip.id, subnetId: publicSubnet.id, tags: { Name: `${prefix}-nat-${i + 1}` } },
        { parent: this, dependsOn: [igw] },
      );
    });
    const privateRts = subnets.private.map((subnet, zone) => {
      const nat = nats[natGatewayIndexForZone(zone, natCount)];
      const rt = new aws.ec2.RouteTable(
        `${prefix}-private-rt-${zone + 1}`,
        {
          vpcId: vpc.id,
          routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat?.id }],
          tags: { Name: `${prefix}-private-${zone + 1}` },
        },
        child,
      );
      new aws.ec2.RouteTableAssociation(
        `${prefix}-private-rta-${zone + 1}`,
        { subnetId: subnet.id, routeTableId: rt.id },
        child,
      );
      return rt;
    });
    // Isolated subnets keep only the local route: the data tier cannot reach or be reached from the internet.
    const isolatedRt = new aws.ec2.RouteTable(
      `${prefix}-isolated-rt`,
      { vpcId: vpc.id, tags: { Name: `${prefix}-isolated` } },
      child,
    );
    subnets.isolated.forEach(
      (subnet, i) =>
        new aws.ec2.RouteTableAssociation(
          `${prefix}-isolated-rta-${i + 1}`,
          { subnetId: subnet.id, routeTableId: isolatedRt.id },
          child,
        ),
    );
    return [...privateRts, isolatedRt];
  }

  private createEndpoints(
    prefix: string,
    vpc: aws.ec2.Vpc,
    routeTables: aws.ec2.RouteTable[],
    privateSubnets: aws.ec2.Subnet[],
    serviceSg: aws.ec2.SecurityGroup,
    settings: NetworkSettings,
  ): void {
    const child = { parent: this };
    const region = this.region;
    new aws.ec2.VpcEndpoint(
      `${prefix}-s3-endpoint`,
      {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: routeTables.map((rt) => rt.id),
        tags: { Name: `${prefix}-s3` },
      },
      child,
    );
    if (settings.interfaceEndpoints.length === 0) return;
    const endpointSg = new aws.ec2.SecurityGroup(
      `${prefix}-endpoints-sg`,
      { vpcId: vpc.id, description: "Interface VPC endpoints", tags: { Name: `${prefix}-endpoints` } },
      child,
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${prefix}-endpoints-from-service`,
      {
        securityGroupId: endpointSg.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        referencedSecurityGroupId: serviceSg.id,
        description: "HTTPS from service tasks",
      },
      child,
    );
    for (const service of settings.interfaceEndpoints) {
      new aws.ec2.VpcEndpoint(
        `${prefix}-${service.replace(/\./g, "-")}-endpoint`,
        {
          vpcId: vpc.id,
          serviceName: `com.amazonaws.${region}.${service}`,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: privateSubnets.map((s) => s.id),
          securityGroupIds: [endpointSg.id],
          tags: { Name: `${prefix}-${service}` },
        },
        child,
      );
    }
  }

  private createFlowLogs(prefix: string, vpc: aws.ec2.Vpc, retentionDays: number): void {
    const child = { parent: this };
    const logGroup = new aws.cloudwatch.LogGroup(
      `${prefix}-flow-logs`,
      { name: `/${prefix}/vpc-flow-logs`, retentionInDays: retentionDays },
      child,
    );
    const role = new aws.iam.Role(
      `${prefix}-flow-logs-role`,
      { assumeRolePolicy: servicePrincipalTrust("vpc-flow-logs.amazonaws.com", this.accountId) },
      child,
    );
    new aws.iam.RolePolicy(
      `${prefix}-flow-logs-policy`,
      { role: role.id, policy: logGroup.arn.apply(flowLogRolePolicy) },
      child,
    );
    new aws.ec2.FlowLog(
      `${prefix}-flow-log`,
      {
        vpcId: vpc.id,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: logGroup.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
        tags: { Name: `${prefix}-flow-log` },
      },
      child,
    );
  }
}
