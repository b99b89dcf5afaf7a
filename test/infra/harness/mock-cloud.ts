// What the mocked AWS answers: deterministic ids and the computed attributes the program reads back
// (ARNs, endpoints, generated values). Only the invokes listed in `invokeAnswers` are known; any other invoke
// fails the run, so a new data-source call cannot slip in untested.
import { createHash } from "node:crypto";
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks.js";

export const mockAccountId = "123456789012";

export interface MockCloudContext {
  readonly region: string;
  /** How many availability zones the mocked region offers. */
  readonly zoneCount: number;
  /** The password ECR's GetAuthorizationToken answers: it changes on every call in a real account. */
  readonly ecrPassword?: string;
  /** Region of each explicit provider by its id, filled as providers register: a resource's ARNs name its region. */
  readonly providerRegions?: Map<string, string>;
}

type Inputs = Record<string, unknown>;

/** A value in Pulumi's wire format for secrets. */
export function mockSecret(value: unknown): Record<string, unknown> {
  return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}

/** A DbiResourceId as RDS writes them (`db-` and 26 upper-case letters and digits), stable per instance. */
export function mockResourceId(identifier: string): string {
  return `db-${createHash("sha256").update(identifier).digest("hex").slice(0, 26).toUpperCase()}`;
}

function arnFor(context: MockCloudContext, service: string, resource: string): string {
  return `arn:aws:${service}:${context.region}:${mockAccountId}:${resource}`;
}

const computedByType: Record<string, (name: string, inputs: Inputs, context: MockCloudContext) => Inputs> = {
  "aws:rds/instance:Instance": (name, inputs, context) => ({
    address: `${String(inputs.identifier ?? name)}.abcdefghijkl.${context.region}.rds.amazonaws.com`,
    endpoint: `${String(inputs.identifier ?? name)}.abcdefghijkl.${context.region}.rds.amazonaws.com:5432`,
    port: 5432,
    identifier: inputs.identifier ?? name,
    arn: arnFor(context, "rds", `db:${String(inputs.identifier ?? name)}`),
    resourceId: mockResourceId(String(inputs.identifier ?? name)),
    masterUserSecrets: inputs.manageMasterUserPassword
      ? [
          {
            secretArn: arnFor(context, "secretsmanager", `secret:rds!db-${name}-AbCdEf`),
            kmsKeyId: inputs.masterUserSecretKmsKeyId,
            secretStatus: "active",
          },
        ]
      : [],
  }),
  "aws:elasticache/replicationGroup:ReplicationGroup": (name, inputs) => ({
    primaryEndpointAddress: `master.${name}.abcdef.euw1.cache.amazonaws.com`,
    readerEndpointAddress: `replica.${name}.abcdef.euw1.cache.amazonaws.com`,
    memberClusters: Array.from(
      { length: Number(inputs.numCacheClusters ?? 1) },
      (_, i) => `${String(inputs.replicationGroupId ?? name)}-00${i + 1}`,
    ),
  }),
  "aws:cloudwatch/logGroup:LogGroup": (name, inputs, context) => ({
    arn: arnFor(context, "logs", `log-group:${String(inputs.name ?? name)}`),
  }),
  "aws:secretsmanager/secret:Secret": (name, _inputs, context) => ({
    arn: arnFor(context, "secretsmanager", `secret:${name}-AbCdEf`),
  }),
  "aws:lb/loadBalancer:LoadBalancer": (name, _inputs, context) => ({
    arn: arnFor(context, "elasticloadbalancing", `loadbalancer/app/${name}/50dc6c495c0c9188`),
    arnSuffix: `app/${name}/50dc6c495c0c9188`,
    dnsName: `${name}-1234567890.${context.region}.elb.amazonaws.com`,
    zoneId: "Z32O12XQLNTSW2",
  }),
  "aws:lb/targetGroup:TargetGroup": (name, _inputs, context) => ({
    arn: arnFor(context, "elasticloadbalancing", `targetgroup/${name}/943f017f100becff`),
    arnSuffix: `targetgroup/${name}/943f017f100becff`,
  }),
  "aws:acm/certificate:Certificate": (name, inputs, context) => ({
    arn: arnFor(context, "acm", `certificate/${name}`),
    domainValidationOptions: [
      {
        domainName: inputs.domainName,
        resourceRecordName: `_x1.${String(inputs.domainName)}.`,
        resourceRecordType: "CNAME",
        resourceRecordValue: "_x2.acm-validations.aws.",
      },
    ],
  }),
  "aws:acm/certificateValidation:CertificateValidation": (_name, inputs) => ({ certificateArn: inputs.certificateArn }),
  "aws:route53/record:Record": (_name, inputs) => ({ fqdn: String(inputs.name).replace(/\.$/, "") }),
  "aws:ecr/repository:Repository": (_name, inputs, context) => ({
    repositoryUrl: `${mockAccountId}.dkr.ecr.${context.region}.amazonaws.com/${String(inputs.name)}`,
    registryId: mockAccountId,
    arn: arnFor(context, "ecr", `repository/${String(inputs.name)}`),
  }),
  "docker-build:index:Image": () => ({
    digest: "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  }),
  "aws:amp/workspace:Workspace": (name, _inputs, context) => ({
    arn: arnFor(context, "aps", `workspace/ws-${name}`),
    prometheusEndpoint: `https://aps-workspaces.${context.region}.amazonaws.com/workspaces/ws-${name}/`,
  }),
  "aws:ecs/taskDefinition:TaskDefinition": (name, inputs, context) => ({
    arn: arnFor(context, "ecs", `task-definition/${String(inputs.family ?? name)}:1`),
  }),
  "aws:sns/topic:Topic": (name, inputs, context) => ({ arn: arnFor(context, "sns", String(inputs.name ?? name)) }),
  "aws:cloudwatch/metricAlarm:MetricAlarm": (name, inputs, context) => ({
    arn: arnFor(context, "cloudwatch", `alarm:${String(inputs.name ?? name)}`),
  }),
  "aws:kms/key:Key": (name, _inputs, context) => ({
    keyId: `${name}-key-id`,
    arn: arnFor(context, "kms", `key/${name}-key-id`),
  }),
  "aws:rds/parameterGroup:ParameterGroup": (name) => ({ name: `${name}-pg` }),
  "aws:rds/subnetGroup:SubnetGroup": (name) => ({ name: `${name}-sng` }),
  "aws:elasticache/subnetGroup:SubnetGroup": (name) => ({ name: `${name}-sng` }),
  "aws:iam/role:Role": (name) => ({ name: `${name}-role`, arn: `arn:aws:iam::${mockAccountId}:role/${name}` }),
  // The docker target (infra/docker-target/): a local build's image id, a pull's id from the reference.
  "docker:index/image:Image": (name) => ({
    repoDigest: `sha256:${createHash("sha256").update(name).digest("hex")}`,
  }),
  "docker:index/remoteImage:RemoteImage": (_name, inputs) => ({
    imageId: `sha256:${createHash("sha256").update(String(inputs.name)).digest("hex")}`,
    repoDigest: String(inputs.name),
  }),
  "docker:index/container:Container": (_name, inputs) => (inputs.attach ? { exitCode: 0 } : {}),
  // The engine marks generated passwords secret; the mock does the same so secretness flows as in a real run.
  "random:index/randomPassword:RandomPassword": (name) => ({ result: mockSecret(`mock-secret-${name}`) }),
  // Deterministic per logical name, so plans do not change between runs.
  "random:index/randomId:RandomId": (name, inputs) => ({
    hex: createHash("sha256")
      .update(name)
      .digest("hex")
      .slice(0, 2 * Number(inputs.byteLength ?? 8)),
  }),
};

/** Ids that are ARNs in AWS (the provider answers them as the resource's id). */
const idByType: Record<string, (name: string, context: MockCloudContext) => string> = {
  "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": (name, context) =>
    arnFor(context, "rds", `auto-backup:ab-${createHash("sha256").update(name).digest("hex").slice(0, 26)}`),
};

export function mockNewResource(args: MockResourceArgs, context: MockCloudContext): { id: string; state: Inputs } {
  const inputs: Inputs = args.inputs ?? {};
  const id = `${args.name}-id`;
  if (args.type === "pulumi:providers:aws" && typeof inputs.region === "string")
    context.providerRegions?.set(id, inputs.region);
  // A resource made with another region's provider lives in that region.
  const providerRegion = context.providerRegions?.get(args.provider?.split("::").pop() ?? "");
  const here = providerRegion === undefined ? context : { ...context, region: providerRegion };
  const computed = computedByType[args.type]?.(args.name, inputs, here) ?? {};
  const service = args.type.split(":")[1]?.split("/")[0] ?? "unknown";
  return {
    id: idByType[args.type]?.(args.name, here) ?? id,
    state: {
      arn: arnFor(here, service, `${args.name}`),
      name: inputs.name ?? args.name,
      ...inputs,
      ...computed,
    },
  };
}

const zoneLetters = "abcdef";

export const invokeAnswers: Record<string, (inputs: Inputs, context: MockCloudContext) => Inputs> = {
  "aws:index/getAvailabilityZones:getAvailabilityZones": (_inputs, context) => {
    const names = Array.from({ length: context.zoneCount }, (_, i) => `${context.region}${zoneLetters[i]}`);
    return { names, zoneIds: names.map((_, i) => `euw1-az${i + 1}`), id: context.region };
  },
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    accountId: mockAccountId,
    arn: `arn:aws:iam::${mockAccountId}:user/ci`,
    userId: "AIDAMOCK",
    id: mockAccountId,
  }),
  "aws:route53/getZone:getZone": (inputs) => ({
    zoneId: "Z0123456789MOCKZONE",
    name: inputs.name,
    id: "Z0123456789MOCKZONE",
    privateZone: false,
  }),
  "aws:ecr/getAuthorizationToken:getAuthorizationToken": (inputs, context) => ({
    userName: "AWS",
    password: mockSecret(context.ecrPassword ?? "mock-registry-password"),
    authorizationToken: "bW9jaw==",
    proxyEndpoint: `https://${String(inputs.registryId)}.dkr.ecr`,
    id: "token",
    expiresAt: "2030-01-01T00:00:00Z",
  }),
  "aws:elb/getServiceAccount:getServiceAccount": () => ({ arn: "arn:aws:iam::156460612806:root", id: "156460612806" }),
};

export function mockCall(args: MockCallArgs, context: MockCloudContext): Inputs {
  const answer = invokeAnswers[args.token];
  if (!answer)
    throw new Error(
      `unanswered invoke ${args.token}(${JSON.stringify(args.inputs)}): add an answer to test/infra/harness/mock-cloud.ts`,
    );
  return answer(args.inputs as Inputs, context);
}
