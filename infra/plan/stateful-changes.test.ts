import { describe, expect, it } from "vitest";
import { findStatefulChanges, parseUrn } from "./stateful-changes.js";

const urn = (type: string, name: string) =>
  `urn:pulumi:production::rusty-saas::rusty-saas:data:Database$${type}::${name}`;

describe("stateful change guard", () => {
  it("reads type and name from nested URNs", () => {
    expect(parseUrn(urn("aws:rds/instance:Instance", "db"))).toEqual({ type: "aws:rds/instance:Instance", name: "db" });
  });

  it("flags replacing or deleting databases, caches, buckets, keys and secrets, once each", () => {
    const preview = {
      steps: [
        { op: "create-replacement", urn: urn("aws:rds/instance:Instance", "db") },
        { op: "replace", urn: urn("aws:rds/instance:Instance", "db") },
        { op: "delete-replaced", urn: urn("aws:rds/instance:Instance", "db") },
        { op: "delete", urn: urn("aws:s3/bucket:Bucket", "logs") },
        { op: "replace", urn: urn("aws:elasticache/replicationGroup:ReplicationGroup", "cache") },
        { op: "delete", urn: urn("aws:kms/key:Key", "data-key") },
        { op: "replace", urn: urn("aws:secretsmanager/secret:Secret", "jwt-secret") },
      ],
    };
    expect(findStatefulChanges(preview)).toEqual([
      { op: "create-replacement", type: "aws:rds/instance:Instance", name: "db" },
      { op: "delete", type: "aws:s3/bucket:Bucket", name: "logs" },
      { op: "replace", type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache" },
      { op: "delete", type: "aws:kms/key:Key", name: "data-key" },
      { op: "replace", type: "aws:secretsmanager/secret:Secret", name: "jwt-secret" },
    ]);
  });

  it("flags the image repository, the Prometheus workspace, log groups and generated passwords", () => {
    const types = [
      "aws:ecr/repository:Repository",
      "aws:amp/workspace:Workspace",
      "aws:cloudwatch/logGroup:LogGroup",
      "random:index/randomPassword:RandomPassword",
    ];
    const preview = { steps: types.map((type) => ({ op: "replace", urn: urn(type, "x") })) };
    expect(findStatefulChanges(preview).map((c) => c.type)).toEqual(types);
  });

  it("lets updates of stateful resources and replacements of stateless ones through", () => {
    const preview = {
      steps: [
        { op: "update", urn: urn("aws:rds/instance:Instance", "db") },
        { op: "replace", urn: urn("aws:ecs/taskDefinition:TaskDefinition", "task") },
        { op: "same", urn: urn("aws:kms/key:Key", "k") },
      ],
    };
    expect(findStatefulChanges(preview)).toEqual([]);
  });

  it("refuses input that is not a preview", () => {
    expect(() => findStatefulChanges({ foo: 1 })).toThrow(/no steps list/);
  });
});
