// Reads `pulumi preview --json` and finds steps that would replace or delete a stateful resource (data lives
// in it): CI fails on them, so losing a database, cache, bucket, key, secret, image, metric or log history takes a
// deliberate, reviewed change.
export const statefulTypes = new Set([
  "aws:rds/instance:Instance",
  "aws:rds/cluster:Cluster",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "aws:kms/key:Key",
  "aws:secretsmanager/secret:Secret",
  // Holds every image a running or rolled-back task definition names by digest.
  "aws:ecr/repository:Repository",
  // Holds the metric history; a new workspace also has a new remote-write URL.
  "aws:amp/workspace:Workspace",
  // Flow logs, RDS and application logs: replacing a group deletes what it holds.
  "aws:cloudwatch/logGroup:LogGroup",
  // Its value is the JWT signing key or the cache auth token: a replacement rotates it, logging everyone out
  // or locking the tasks out of Valkey until they restart.
  "random:index/randomPassword:RandomPassword",
  // The region-loss copy of the point-in-time backups: replacing it stops the replication and starts it over.
  "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
]);

/** Step operations that destroy the resource's current physical instance. */
export const destructiveOps = new Set(["delete", "replace", "create-replacement", "delete-replaced", "discard"]);

export interface PreviewStep {
  readonly op: string;
  readonly urn: string;
}

export interface StatefulChange {
  readonly op: string;
  readonly type: string;
  readonly name: string;
}

/** `urn:pulumi:<stack>::<project>::<parent$...$type>::<name>` → type and name. */
export function parseUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  const qualifiedType = parts[2] ?? "";
  return { type: qualifiedType.split("$").pop() ?? "", name: parts.slice(3).join("::") };
}

export function findStatefulChanges(preview: unknown): StatefulChange[] {
  const steps = (preview as { steps?: PreviewStep[] } | null)?.steps;
  if (!Array.isArray(steps)) throw new Error("not the output of `pulumi preview --json`: no steps list");
  const changes = steps
    .filter((step) => destructiveOps.has(step.op))
    .map((step) => ({ op: step.op, ...parseUrn(step.urn) }))
    .filter((change) => statefulTypes.has(change.type));
  const seen = new Set<string>();
  return changes.filter((change) => {
    const key = `${change.type}::${change.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
