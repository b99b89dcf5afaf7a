// The few lines a reviewer reads first: the shape of each tier, pulled from the planned resources' inputs.
import { dockerGlance } from "../docker-target/docker-glance.js";
import type { PlannedResource } from "./plan-renderer.js";

type Inputs = Record<string, unknown>;

const ofType = (resources: readonly PlannedResource[], type: string) => resources.filter((r) => r.type === type);
const str = (value: unknown) => (value === undefined ? "-" : typeof value === "string" ? value : JSON.stringify(value));

function database(resources: readonly PlannedResource[]): string[] {
  const instances = ofType(resources, "aws:rds/instance:Instance");
  const primary = instances.find((r) => r.inputs.replicateSourceDb === undefined)?.inputs;
  const replicas = instances.filter((r) => r.inputs.replicateSourceDb !== undefined);
  if (!primary) return [];
  return [
    `- database: PostgreSQL ${str(primary.engineVersion)} ${str(primary.instanceClass)}${primary.multiAz ? " Multi-AZ" : " single-AZ"}, ${replicas.length} replica(s) ${replicas.map((r) => `${str(r.inputs.instanceClass)} in ${str(r.inputs.availabilityZone)}`).join(", ")}`,
    `  PITR ${str(primary.backupRetentionPeriod)} d, ${str(primary.allocatedStorage)}→${str(primary.maxAllocatedStorage)} GiB ${str(primary.storageType)}, encrypted ${str(primary.storageEncrypted)}, deletion protection ${str(primary.deletionProtection)}`,
  ];
}

function service(resources: readonly PlannedResource[]): string[] {
  const task = ofType(resources, "aws:ecs/taskDefinition:TaskDefinition")[0]?.inputs;
  const scaling = ofType(resources, "aws:appautoscaling/target:Target")[0]?.inputs;
  const svc = ofType(resources, "aws:ecs/service:Service")[0]?.inputs;
  if (!task || !svc) return [];
  return [
    `- service: Fargate ${str(task.cpu)} CPU / ${str(task.memory)} MiB ${str((task.runtimePlatform as Inputs | undefined)?.cpuArchitecture)}, ${str(scaling?.minCapacity)}–${str(scaling?.maxCapacity)} tasks, ECS Exec ${str(svc.enableExecuteCommand)}, deployment alarms ${svc.alarms ? "on" : "off"}`,
  ];
}

export function planGlance(resources: readonly PlannedResource[]): string[] {
  const subnets = ofType(resources, "aws:ec2/subnet:Subnet");
  const zones = new Set(subnets.map((s) => str(s.inputs.availabilityZone)));
  const endpoints = ofType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint").map((e) =>
    str(e.inputs.serviceName).split(".").slice(3).join("."),
  );
  const cache = ofType(resources, "aws:elasticache/replicationGroup:ReplicationGroup")[0]?.inputs;
  const https = ofType(resources, "aws:lb/listener:Listener").find((l) => l.inputs.protocol === "HTTPS")?.inputs;
  // The docker target (infra/docker-target/) has none of the AWS tiers.
  if (!resources.some((r) => r.type.startsWith("aws:"))) return [...dockerGlance(resources), protectedLine(resources)];
  const lines = [
    `- network: ${zones.size} zones, ${subnets.length} subnets, ${ofType(resources, "aws:ec2/natGateway:NatGateway").length} NAT gateway(s), endpoints ${endpoints.join(", ") || "-"}`,
    ...database(resources),
    cache
      ? `- cache: ${str(cache.engine)} ${str(cache.nodeType)} × ${str(cache.numCacheClusters)}, failover ${str(cache.automaticFailoverEnabled)}, TLS ${str(cache.transitEncryptionEnabled)}`
      : "",
    ...service(resources),
    https
      ? `- edge: HTTPS ${str(https.sslPolicy)}, WAF ${ofType(resources, "aws:wafv2/webAcl:WebAcl").length > 0 ? "on" : "off"}, access logs ${ofType(resources, "aws:s3/bucket:Bucket").length > 0 ? "on" : "off"}`
      : "",
    `- alarms: ${ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").length} CloudWatch alarms`,
    protectedLine(resources),
  ];
  return lines.filter((line) => line !== "");
}

function protectedLine(resources: readonly PlannedResource[]): string {
  return `- protected: ${
    resources
      .filter((r) => r.protect)
      .map((r) => r.name)
      .sort()
      .join(", ") || "nothing"
  }`;
}
