import { describe, expect, it } from "vitest";
import { InfraConfigError, parseInfraConfig } from "./config.js";

const valid: Record<string, string> = {
  "aws:region": "eu-west-1", "rusty-saas:environment": "staging", "rusty-saas:owner": "team", "rusty-saas:costCenter": "cc",
  "rusty-saas:availabilityZoneCount": "2", "rusty-saas:vpcCidr": "10.0.0.0/16", "rusty-saas:natGateways": "single",
  "rusty-saas:flowLogRetentionDays": "14", "rusty-saas:logRetentionDays": "14", "rusty-saas:dbInstanceClass": "db.t4g.medium",
  "rusty-saas:dbMultiAz": "false", "rusty-saas:dbReplicaCount": "1", "rusty-saas:dbReplicaInstanceClass": "db.t4g.medium",
  "rusty-saas:dbBackupRetentionDays": "7", "rusty-saas:dbDeletionProtection": "false", "rusty-saas:dbFinalSnapshot": "true",
  "rusty-saas:dbAllocatedStorageGiB": "20", "rusty-saas:dbMaxAllocatedStorageGiB": "100", "rusty-saas:dbMonitoringIntervalSeconds": "0",
  "rusty-saas:cacheNodeType": "cache.t4g.small", "rusty-saas:cacheNodeCount": "1", "rusty-saas:cacheMultiAz": "false",
  "rusty-saas:cacheAutomaticFailover": "false", "rusty-saas:cacheSnapshotRetentionDays": "1", "rusty-saas:protectStatefulResources": "false",
};

const parse = (overrides: Record<string, string | undefined> = {}) => {
  const source = { ...valid, ...overrides };
  return parseInfraConfig((key) => source[key]);
};

describe("infra config", () => {
  it("parses a complete stack and fills documented defaults", () => {
    const config = parse();
    expect(config.database).toMatchObject({ replicaCount: 1, performanceInsightsRetentionDays: 7, caCertificate: "rds-ca-rsa2048-g1", slowQueryMs: 500 });
    expect(config.network.interfaceEndpoints).toEqual([]);
  });

  it("collects every problem, each naming its key", () => {
    try {
      parse({ "rusty-saas:environment": "Prod!", "rusty-saas:dbAllocatedStorageGiB": "300", "rusty-saas:dbMaxAllocatedStorageGiB": "200", "rusty-saas:cacheMultiAz": "true", "rusty-saas:interfaceEndpoints": '["ecr.api","ecr.api"]' });
      expect.fail("should have thrown");
    } catch (error) {
      expect(error).toBeInstanceOf(InfraConfigError);
      expect((error as InfraConfigError).problems).toEqual([
        expect.stringMatching(/^rusty-saas:environment: "Prod!" must be lowercase/),
        "rusty-saas:interfaceEndpoints: has duplicate entries",
        "rusty-saas:dbMaxAllocatedStorageGiB: 200 must be above dbAllocatedStorageGiB (300) for storage autoscaling",
        "rusty-saas:cacheMultiAz: needs cacheAutomaticFailover: true",
      ]);
    }
  });

  it("rejects a list that is not a list", () => {
    expect(() => parse({ "rusty-saas:interfaceEndpoints": "ecr.api" })).toThrow(/rusty-saas:interfaceEndpoints: must be a list of strings/);
  });
});
