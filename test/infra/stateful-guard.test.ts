// The stateful-change guard (infra/plan/stateful-changes.ts) matches type tokens as strings: a misspelt or
// renamed token would silently never match. These tests hold its list to the resources the program really
// declares, and make sure every resource that holds data, or is protected, is on it.
import { describe, expect, it } from "vitest";
import { statefulTypes } from "../../infra/plan/stateful-changes.js";
import { expectedStacks } from "./expected-stacks.js";
import { recordedStack, stackNames } from "./harness/recorded-stacks.js";

/** Listed for resources the program may declare later (Aurora, the V2 bucket type), not declared today. */
const notDeclaredYet = new Set(["aws:rds/cluster:Cluster", "aws:s3/bucketV2:BucketV2"]);

/** Resource types whose replacement loses data or a generated value, as found in the program today. */
const dataHolding = [
  "aws:rds/instance:Instance",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:s3/bucket:Bucket",
  "aws:kms/key:Key",
  "aws:secretsmanager/secret:Secret",
  "aws:ecr/repository:Repository",
  "aws:amp/workspace:Workspace",
  "aws:cloudwatch/logGroup:LogGroup",
  "random:index/randomPassword:RandomPassword",
  "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
];

describe("stateful-change guard ↔ the program", () => {
  it("names only resource types the program declares (or deliberately anticipates)", async () => {
    const declared = new Set(
      (await Promise.all(stackNames.map((s) => recordedStack(s)))).flatMap((run) => run.resources.map((r) => r.type)),
    );
    for (const type of statefulTypes) if (!notDeclaredYet.has(type)) expect(declared.has(type), type).toBe(true);
    for (const type of dataHolding) {
      expect(declared.has(type), type).toBe(true);
      expect(statefulTypes.has(type), type).toBe(true);
    }
  });

  it.each(stackNames)("%s: covers every protected resource", async (stack) => {
    const run = await recordedStack(stack);
    const protectedResources = run.resources.filter((r) => r.protect);
    // A stack without protection has nothing to cover: say so, rather than pass over an empty list unnoticed.
    expect(protectedResources.length > 0, "protected resources").toBe(expectedStacks[stack].protect);
    for (const resource of protectedResources)
      expect(statefulTypes.has(resource.type), `${resource.name} is protected`).toBe(true);
  });
});
