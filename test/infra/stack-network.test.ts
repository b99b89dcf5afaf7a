// Whole-stack tests, network and foundations: every requirement asserted on the recorded inputs of both stacks.
import { describe, expect, it } from "vitest";
import { recordedStack, stackNames } from "./harness/recorded-stacks.js";
import { byMockId, byUrn, input, ofType, one, parseJson } from "./harness/stack-queries.js";
import { expectedStacks } from "./expected-stacks.js";

describe.each(stackNames)("%s stack: foundations and network", (stack) => {
  const expected = expectedStacks[stack];
  const prefix = `rusty-saas-${stack}`;

  it("creates every AWS resource with the one explicit provider, whose default tags come from config", async () => {
    const run = await recordedStack(stack);
    // The second-region provider exists only for the backup replication (region loss) and is tested with it.
    const secondRegion = `${prefix}-backup-region`;
    const providers = ofType(run, "pulumi:providers:aws").filter((p) => p.name !== secondRegion);
    expect(providers).toHaveLength(1);
    expect(ofType(run, "pulumi:providers:aws").length - 1).toBe(expected.backupReplicationRegion ? 1 : 0);
    const provider = providers[0]!;
    expect(input(provider, "region")).toBe("eu-west-1");
    expect(parseJson(input(provider, "defaultTags"))).toEqual({
      tags: {
        Project: "rusty-saas",
        Environment: stack,
        Owner: "platform-team",
        CostCenter: `rusty-saas-${stack}`,
        ManagedBy: "pulumi",
      },
    });
    const backupReplication = run.resources.find((r) => r.name === "backup-replication")?.urn;
    const awsResources = run.resources.filter((r) => r.type.startsWith("aws:") && r.parentUrn !== backupReplication);
    expect(awsResources.length).toBeGreaterThan(30);
    for (const resource of awsResources)
      expect(resource.provider, `${resource.type} ${resource.name}`).toBe(`${provider.urn}::${provider.name}-id`);
    for (const invoke of run.invokes) expect(invoke.token).toMatch(/^aws:/);
  });

  it("parents every resource to a component, and every component to the stack or another component", async () => {
    const run = await recordedStack(stack);
    for (const resource of run.resources) {
      if (resource.type.startsWith("pulumi:providers:")) continue;
      const parent = byUrn(run, resource.parentUrn);
      if (resource.custom) expect(parent?.type, `${resource.type} ${resource.name}`).toMatch(/^rusty-saas:/);
      else if (resource.parentUrn !== "") expect(parent?.type, resource.name).toMatch(/^rusty-saas:/);
    }
    expect(
      run.resources
        .filter((r) => !r.custom && r.parentUrn === "")
        .map((r) => r.name)
        .sort(),
    ).toEqual([
      ...(expected.backupReplicationRegion ? ["backup-replication"] : []),
      "cache",
      "database",
      "edge",
      ...(expected.gameDays ? ["game-days"] : []),
      "image",
      "log-queries",
      "monitoring",
      "network",
      "prometheus",
      "secrets",
      "service",
    ]);
  });

  it("gives every length-limited AWS resource a name that fits, explicit or autonamed", async () => {
    const run = await recordedStack(stack);
    const limits: Record<string, [string, number]> = {
      "aws:lb/loadBalancer:LoadBalancer": ["name", 32],
      "aws:lb/targetGroup:TargetGroup": ["name", 32],
      "aws:iam/role:Role": ["name", 64],
      "aws:rds/instance:Instance": ["identifier", 63],
      "aws:elasticache/replicationGroup:ReplicationGroup": ["replicationGroupId", 40],
      "aws:s3/bucket:Bucket": ["bucket", 63],
      "aws:ecs/cluster:Cluster": ["name", 255],
      "aws:amp/workspace:Workspace": ["alias", 100],
    };
    for (const resource of run.resources) {
      const limit = limits[resource.type];
      if (!limit) continue;
      const explicit = input<string | undefined>(resource, limit[0]);
      // Pulumi autonaming appends "-" and 7 random characters to the logical name.
      const length = explicit?.length ?? resource.name.length + 8;
      expect(length, `${resource.type} ${resource.name}`).toBeLessThanOrEqual(limit[1]);
    }
  });

  it("spans the configured zones with public, private and isolated subnets inside the VPC", async () => {
    const run = await recordedStack(stack);
    const vpc = one(run, "aws:ec2/vpc:Vpc");
    expect(input(vpc, "enableDnsHostnames")).toBe(true);
    const subnets = ofType(run, "aws:ec2/subnet:Subnet");
    expect(subnets).toHaveLength(expected.zones * 3);
    for (const tier of ["public", "private", "isolated"]) {
      const tierSubnets = subnets.filter((s) => input<Record<string, string>>(s, "tags").Tier === tier);
      expect(new Set(tierSubnets.map((s) => input(s, "availabilityZone")))).toEqual(
        new Set(["a", "b", "c"].slice(0, expected.zones).map((z) => `eu-west-1${z}`)),
      );
    }
    for (const subnet of subnets) {
      expect(byMockId(run, input(subnet, "vpcId"))).toBe(vpc);
      expect(input(subnet, "mapPublicIpOnLaunch")).toBe(false);
    }
  });

  it("routes private subnets through the configured NAT gateways and keeps isolated subnets without a way out", async () => {
    const run = await recordedStack(stack);
    const nats = ofType(run, "aws:ec2/natGateway:NatGateway");
    expect(nats).toHaveLength(expected.natGateways);
    for (const nat of nats)
      expect(byMockId(run, input(nat, "subnetId"))?.name).toMatch(new RegExp(`^${prefix}-public-`));
    const privateTables = ofType(run, "aws:ec2/routeTable:RouteTable").filter((rt) => rt.name.includes("-private-rt-"));
    expect(privateTables).toHaveLength(expected.zones);
    const natTargets = privateTables.map((rt) => input<{ natGatewayId: string; cidrBlock: string }[]>(rt, "routes")[0]);
    expect(natTargets.every((route) => route?.cidrBlock === "0.0.0.0/0")).toBe(true);
    expect(new Set(natTargets.map((route) => route?.natGatewayId)).size).toBe(expected.natGateways);
    const isolated = one(run, "aws:ec2/routeTable:RouteTable", `${prefix}-isolated-rt`);
    expect(input(isolated, "routes")).toBeUndefined();
  });

  it("leaves the default security group without any rule", async () => {
    const run = await recordedStack(stack);
    const defaultSg = one(run, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
    expect(input(defaultSg, "ingress")).toBeUndefined();
    expect(input(defaultSg, "egress")).toBeUndefined();
  });

  it("has an S3 gateway endpoint on every private and isolated route table and the configured interface endpoints", async () => {
    const run = await recordedStack(stack);
    const endpoints = ofType(run, "aws:ec2/vpcEndpoint:VpcEndpoint");
    const gateway = endpoints.filter((e) => input(e, "vpcEndpointType") === "Gateway");
    expect(gateway.map((e) => input(e, "serviceName"))).toEqual(["com.amazonaws.eu-west-1.s3"]);
    expect(input<string[]>(gateway[0]!, "routeTableIds").map((id) => byMockId(run, id)?.name)).toEqual([
      ...Array.from({ length: expected.zones }, (_, i) => `${prefix}-private-rt-${i + 1}`),
      `${prefix}-isolated-rt`,
    ]);
    const interfaces = endpoints.filter((e) => input(e, "vpcEndpointType") === "Interface");
    expect(interfaces.map((e) => input(e, "serviceName")).sort()).toEqual(
      expected.interfaceEndpoints.map((s) => `com.amazonaws.eu-west-1.${s}`).sort(),
    );
    for (const endpoint of interfaces) {
      expect(input(endpoint, "privateDnsEnabled")).toBe(true);
      expect(input<string[]>(endpoint, "subnetIds").map((id) => byMockId(run, id)?.name)).toEqual(
        Array.from({ length: expected.zones }, (_, i) => `${prefix}-private-${i + 1}`),
      );
    }
  });

  it("records all VPC traffic to a log group with the configured retention", async () => {
    const run = await recordedStack(stack);
    const flowLog = one(run, "aws:ec2/flowLog:FlowLog");
    expect(input(flowLog, "trafficType")).toBe("ALL");
    const logGroup = one(run, "aws:cloudwatch/logGroup:LogGroup", `${prefix}-flow-logs`);
    expect(input(logGroup, "name")).toBe(`/${prefix}/vpc-flow-logs`);
    expect(input(flowLog, "logDestination")).toBe(
      `arn:aws:logs:eu-west-1:123456789012:log-group:/${prefix}/vpc-flow-logs`,
    );
    expect(input(logGroup, "retentionInDays")).toBe(expected.flowLogRetention);
    const policy = parseJson(input(one(run, "aws:iam/rolePolicy:RolePolicy", `${prefix}-flow-logs-policy`), "policy"));
    expect(JSON.stringify(policy)).not.toContain('"Resource":"*"');
    const trust = parseJson(input(one(run, "aws:iam/role:Role", `${prefix}-flow-logs-role`), "assumeRolePolicy"));
    expect(JSON.stringify(trust)).toContain('"Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}');
  });
});
