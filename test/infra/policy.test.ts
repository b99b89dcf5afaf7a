// The policy list runs clean over both stacks' recorded resources, and each policy fires on a bad resource.
import { describe, expect, it } from "vitest";
import { dockerPolicies } from "../../infra/policy/docker-policies.js";
import { policies } from "../../infra/policy/policies.js";
import { runPolicies } from "./harness/policy-runner.js";
import { recordedStack, stackNames } from "./harness/recorded-stacks.js";
import type { RecordedResource, StackRun } from "./harness/stack-harness.js";

type Mutation = (run: StackRun) => RecordedResource[];

/** The recorded stack with one resource's inputs patched (or a resource added). */
function patched(
  run: StackRun,
  pick: (r: RecordedResource) => boolean,
  patch: Record<string, unknown>,
  drop: string[] = [],
): RecordedResource[] {
  let hit = false;
  const resources = run.resources.map((resource) => {
    if (hit || !pick(resource)) return resource;
    hit = true;
    const inputs = { ...resource.inputs, ...patch };
    for (const key of drop) delete inputs[key];
    return { ...resource, inputs };
  });
  if (!hit) throw new Error("mutation matched no resource");
  return resources;
}

function added(
  run: StackRun,
  resource: Partial<RecordedResource> & Pick<RecordedResource, "type" | "name" | "inputs">,
): RecordedResource[] {
  const provider = run.resources.find((r) => r.type === "pulumi:providers:aws")!;
  return [
    ...run.resources,
    {
      urn: `urn:pulumi:x::rusty-saas::${resource.type}::${resource.name}`,
      custom: true,
      secretInputs: [],
      parentUrn: "",
      provider: `${provider.urn}::${provider.name}-id`,
      protect: false,
      dependsOn: [],
      propertyDependencies: {},
      ...resource,
    },
  ];
}

/** `patched`, keeping the run's shape so mutations can be chained. */
const patchedRun = (
  run: StackRun,
  pick: (r: RecordedResource) => boolean,
  patch: Record<string, unknown>,
): StackRun => ({
  ...run,
  resources: patched(run, pick, patch),
});

const isType = (type: string) => (r: RecordedResource) => r.type === type;
const primary = (r: RecordedResource) =>
  r.type === "aws:rds/instance:Instance" && r.inputs.replicateSourceDb === undefined;
const replica = (r: RecordedResource) =>
  r.type === "aws:rds/instance:Instance" && r.inputs.replicateSourceDb !== undefined;
const httpsListener = (r: RecordedResource) => r.type === "aws:lb/listener:Listener" && r.inputs.protocol === "HTTPS";
const httpListener = (r: RecordedResource) => r.type === "aws:lb/listener:Listener" && r.inputs.protocol === "HTTP";

/** The task definition's containers JSON with one container's fields replaced. */
function editContainers(run: StackRun, index: number, patch: Record<string, unknown>): string {
  const task = run.resources.find(isType("aws:ecs/taskDefinition:TaskDefinition"))!;
  const containers = JSON.parse(String(task.inputs.containerDefinitions)) as Record<string, unknown>[];
  containers[index] = { ...containers[index], ...patch };
  return JSON.stringify(containers);
}

const backupReplication = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication";

/** The run as a production stack would be without its backup replication (staging has none to begin with). */
const productionWithoutReplication = (run: StackRun): StackRun =>
  patchedRun({ ...run, resources: run.resources.filter((r) => r.type !== backupReplication) }, primary, {
    tags: { Environment: "production" },
  });

/** The production-like run with one replication of the primary added, made with `provider`. */
function withReplication(run: StackRun, inputs: Record<string, unknown>, provider?: string): RecordedResource[] {
  const base = productionWithoutReplication(run);
  return added(base, {
    type: backupReplication,
    name: "copy",
    inputs: { sourceDbInstanceArn: "arn:aws:rds:eu-west-1:123456789012:db:x", retentionPeriod: 7, ...inputs },
    propertyDependencies: { sourceDbInstanceArn: [base.resources.find(primary)!.urn] },
    ...(provider === undefined ? {} : { provider }),
  });
}

/** A provider for another region, added to the run; returns the run and the provider reference. */
function otherRegionProvider(run: StackRun): { run: StackRun; provider: string } {
  const resources = added(run, {
    type: "pulumi:providers:aws",
    name: "elsewhere",
    // The stack provider's settings (its default tags) in another region.
    inputs: { ...run.resources.find(isType("pulumi:providers:aws"))!.inputs, region: "eu-central-1" },
    provider: "",
  });
  const urn = resources.at(-1)!.urn;
  return { run: { ...run, resources }, provider: `${urn}::elsewhere-id` };
}

const serviceSg = (run: StackRun) => run.resources.find((r) => r.name.endsWith("-service-sg"))!;

const firingCases: Record<string, Mutation[]> = {
  "database-storage-encrypted": [
    (run) => patched(run, replica, { kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k" }),
    (run) => patched(run, replica, { storageEncrypted: true }),
    (run) => patched(run, primary, { storageEncrypted: false }),
    (run) => patched(run, primary, {}, ["storageEncrypted"]),
  ],
  "database-not-public": [(run) => patched(run, primary, { publiclyAccessible: true })],
  "database-backup-retention": [
    (run) => patched(run, primary, { backupRetentionPeriod: 3 }),
    (run) => patched(run, primary, {}, ["backupRetentionPeriod"]),
  ],
  "cache-encrypted": [
    (run) =>
      patched(run, isType("aws:elasticache/replicationGroup:ReplicationGroup"), { transitEncryptionEnabled: false }),
    (run) =>
      patched(run, isType("aws:elasticache/replicationGroup:ReplicationGroup"), { atRestEncryptionEnabled: false }),
  ],
  "no-public-ingress": [
    (run) =>
      added(run, {
        type: "aws:ec2/securityGroup:SecurityGroup",
        name: "ssh-open",
        inputs: { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] },
      }),
    (run) =>
      added(run, {
        type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        name: "https-to-service",
        inputs: { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "::/0" },
        propertyDependencies: { securityGroupId: [serviceSg(run).urn] },
      }),
    (run) =>
      added(run, {
        type: "aws:ec2/securityGroup:SecurityGroup",
        name: "edge-wide",
        inputs: {
          tags: { Exposure: "internet" },
          ingress: [{ protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }],
        },
      }),
  ],
  "aws-resources-tagged": [
    (run) => added(run, { type: "aws:s3/bucket:Bucket", name: "untagged", inputs: {}, provider: "" }),
  ],
  "log-group-retention": [(run) => patched(run, isType("aws:cloudwatch/logGroup:LogGroup"), {}, ["retentionInDays"])],
  "https-listener-tls13": [
    (run) => patched(run, httpsListener, { sslPolicy: "ELBSecurityPolicy-2016-08" }),
    (run) => patched(run, httpsListener, {}, ["sslPolicy"]),
  ],
  "http-listener-redirects-only": [
    (run) => patched(run, httpListener, { defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] }),
    (run) =>
      patched(run, httpListener, {
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", port: "8080", statusCode: "HTTP_301" } }],
      }),
    (run) =>
      added(run, {
        type: "aws:lb/listenerRule:ListenerRule",
        name: "sneaky-forward",
        inputs: { actions: [{ type: "forward", targetGroupArn: "arn:tg" }] },
        propertyDependencies: { listenerArn: [run.resources.find(httpListener)!.urn] },
      }),
  ],
  "no-iam-admin-grants": [
    (run) =>
      patched(run, (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.endsWith("-api-task-policy"), {
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
      }),
    (run) =>
      added(run, {
        type: "aws:iam/role:Role",
        name: "inline-admin",
        inputs: {
          inlinePolicies: [
            { name: "x", policy: JSON.stringify({ Statement: { Effect: "Allow", Action: ["*"], Resource: ["*"] } }) },
          ],
        },
      }),
    (run) =>
      added(run, {
        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        name: "admin",
        inputs: { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
      }),
  ],
  "production-backups-replicated": [
    (run) => productionWithoutReplication(run).resources.slice(),
    // Replicated, but into the primary's own region (the stack's provider).
    (run) => withReplication(run, { kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k" }),
    // In another region, but with no key there for the encrypted source.
    (run) => {
      const elsewhere = otherRegionProvider(run);
      return withReplication(elsewhere.run, {}, elsewhere.provider);
    },
  ],
  "no-privileged-containers": [
    (run) =>
      patched(run, isType("aws:ecs/taskDefinition:TaskDefinition"), {
        containerDefinitions: editContainers(run, 1, { privileged: true }),
      }),
  ],
  "read-only-root-filesystem": [
    // Writable without the init process the exception requires (with or without ECS Exec on the service).
    (run) =>
      patched(run, isType("aws:ecs/taskDefinition:TaskDefinition"), {
        containerDefinitions: editContainers(run, 0, { readonlyRootFilesystem: false, linuxParameters: {} }),
      }),
    (run) =>
      patched(run, isType("aws:ecs/taskDefinition:TaskDefinition"), {
        containerDefinitions: editContainers(run, 1, { readonlyRootFilesystem: undefined }),
      }),
    // Writable with an init process, but ECS Exec off: no exception.
    (run) =>
      patched(
        patchedRun(run, isType("aws:ecs/taskDefinition:TaskDefinition"), {
          containerDefinitions: editContainers(run, 0, {
            readonlyRootFilesystem: false,
            linuxParameters: { initProcessEnabled: true },
          }),
        }),
        isType("aws:ecs/service:Service"),
        { enableExecuteCommand: false },
      ),
  ],
};

describe.each(stackNames)("policy pack over the %s stack", (stack) => {
  it("finds no violation", async () => {
    expect(await runPolicies(policies, await recordedStack(stack))).toEqual([]);
  });

  it.each(Object.entries(firingCases))("%s fires on a bad resource", async (policyName, mutations) => {
    const run = await recordedStack(stack);
    for (const mutate of mutations) {
      const violations = await runPolicies(policies, { resources: mutate(run) });
      expect(violations.map((v) => v.policy)).toEqual([policyName]);
    }
  });
});

describe("policy list", () => {
  it("has a firing test for every policy, and every policy is mandatory", () => {
    // The docker target's policies fire on the local stack's containers: test/infra/docker-target-policy.test.ts.
    const awsPolicies = policies.filter(
      (policy) => !dockerPolicies.includes(policy as (typeof dockerPolicies)[number]),
    );
    expect(awsPolicies.map((p) => p.name).sort()).toEqual(Object.keys(firingCases).sort());
    for (const policy of policies) expect(policy.enforcementLevel, policy.name).toBe("mandatory");
  });

  it("lets the load balancer's group take 80 and 443 from anywhere", async () => {
    const run = await recordedStack("staging");
    const resources = added(run, {
      type: "aws:ec2/securityGroup:SecurityGroup",
      name: "edge",
      inputs: {
        tags: { Exposure: "internet" },
        ingress: [
          { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
          { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] },
        ],
      },
    });
    expect(await runPolicies(policies, { resources })).toEqual([]);
  });
});
