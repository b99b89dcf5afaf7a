import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { text } from "./config-kinds.js";
import { group } from "./config-schema.js";
import { InfraConfigError, parseGroup, parseImageRevision, parseInfraConfig } from "./config.js";

const valid: Record<string, string> = {
  "aws:region": "eu-west-1",
  "rusty-saas:environment": "staging",
  "rusty-saas:owner": "team",
  "rusty-saas:costCenter": "cc",
  "rusty-saas:availabilityZoneCount": "2",
  "rusty-saas:vpcCidr": "10.0.0.0/16",
  "rusty-saas:natGateways": "single",
  "rusty-saas:flowLogRetentionDays": "14",
  "rusty-saas:logRetentionDays": "14",
  "rusty-saas:dbInstanceClass": "db.t4g.medium",
  "rusty-saas:dbMultiAz": "false",
  "rusty-saas:dbReplicaCount": "1",
  "rusty-saas:dbReplicaInstanceClass": "db.t4g.medium",
  "rusty-saas:dbBackupRetentionDays": "7",
  "rusty-saas:dbDeletionProtection": "false",
  "rusty-saas:dbFinalSnapshot": "true",
  "rusty-saas:dbAllocatedStorageGiB": "20",
  "rusty-saas:dbMaxAllocatedStorageGiB": "100",
  "rusty-saas:dbMonitoringIntervalSeconds": "0",
  "rusty-saas:cacheNodeType": "cache.t4g.small",
  "rusty-saas:cacheNodeCount": "1",
  "rusty-saas:cacheMultiAz": "false",
  "rusty-saas:cacheAutomaticFailover": "false",
  "rusty-saas:cacheSnapshotRetentionDays": "1",
  "rusty-saas:protectStatefulResources": "false",
  "rusty-saas:domainName": "api.example.com",
  "rusty-saas:hostedZoneName": "example.com",
  "rusty-saas:taskCpu": "512",
  "rusty-saas:taskMemoryMiB": "1024",
  "rusty-saas:cpuArchitecture": "ARM64",
  "rusty-saas:minTasks": "1",
  "rusty-saas:maxTasks": "2",
  "rusty-saas:deregistrationDelaySeconds": "15",
  "rusty-saas:stopTimeoutSeconds": "30",
  "rusty-saas:ecsExec": "true",
  "rusty-saas:deploymentAlarms": "false",
  "rusty-saas:albDeletionProtection": "false",
  "rusty-saas:albAccessLogs": "false",
  "rusty-saas:hsts": "false",
  "rusty-saas:wafEnabled": "false",
  "rusty-saas:monthlyBudgetUsd": "0",
};

const parse = (overrides: Record<string, string | undefined> = {}) => {
  const source = { ...valid, ...overrides };
  return parseInfraConfig((key) => source[key]);
};

/** The problems a config yields; fails the test when it parses. */
const problemsOf = (overrides: Record<string, string | undefined>): readonly string[] => {
  const error = (() => {
    try {
      parse(overrides);
    } catch (thrown) {
      return thrown;
    }
    throw new Error("the config parsed, but problems were expected");
  })();
  expect(error).toBeInstanceOf(InfraConfigError);
  return (error as InfraConfigError).problems;
};

describe("infra config", () => {
  it("parses a complete stack and fills the declared defaults", () => {
    const config = parse();
    expect(config.stack).toEqual({
      region: "eu-west-1",
      environment: "staging",
      owner: "team",
      costCenter: "cc",
      logRetentionDays: 14,
      protectStatefulResources: false,
    });
    expect(config.database).toMatchObject({
      replicaCount: 1,
      performanceInsightsRetentionDays: 7,
      caCertificate: "rds-ca-rsa2048-g1",
      slowQueryMs: 500,
    });
    expect(config.network.interfaceEndpoints).toEqual([]);
    expect(config.service).toMatchObject({ cpuTargetPercent: 60, logLevel: "info", corsOrigins: [] });
  });

  it("collects every problem, each naming its key", () => {
    const problems = problemsOf({
      "rusty-saas:environment": "Prod!",
      "rusty-saas:dbAllocatedStorageGiB": "300",
      "rusty-saas:dbMaxAllocatedStorageGiB": "200",
      "rusty-saas:cacheMultiAz": "true",
      "rusty-saas:interfaceEndpoints": '["ecr.api","ecr.api"]',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^rusty-saas:environment: "Prod!" must be 2–12 lowercase letters/),
      "rusty-saas:interfaceEndpoints: has duplicate entries",
      "rusty-saas:dbMaxAllocatedStorageGiB: 200 must be at least 10 % above dbAllocatedStorageGiB (300), i.e. 330 or more, for storage autoscaling",
      "rusty-saas:cacheMultiAz: needs cacheAutomaticFailover: true",
    ]);
  });

  it("reports a missing or malformed value once, without rules between settings piling on", () => {
    // The storage rule reads dbAllocatedStorageGiB: with that value missing, the rule does not run on a guess.
    expect(problemsOf({ "rusty-saas:dbAllocatedStorageGiB": undefined })).toEqual([
      "rusty-saas:dbAllocatedStorageGiB: is required",
    ]);
    expect(problemsOf({ "rusty-saas:minTasks": "many", "rusty-saas:maxTasks": "1" })).toEqual([
      'rusty-saas:minTasks: "many" must be an integer from 1 to 100',
    ]);
    expect(problemsOf({ "rusty-saas:owner": "  " })).toEqual(["rusty-saas:owner: is required"]);
  });

  it("refuses a storage autoscaling ceiling RDS would reject: less than 10 % above the allocated storage", () => {
    const storage = (allocated: number, max: number) =>
      parse({
        "rusty-saas:dbAllocatedStorageGiB": String(allocated),
        "rusty-saas:dbMaxAllocatedStorageGiB": String(max),
      });
    expect(() => storage(100, 109)).toThrow(/dbMaxAllocatedStorageGiB: 109 must be at least 10 % above .* 110 or more/);
    expect(storage(100, 110).database.maxAllocatedStorageGiB).toBe(110);
    expect(() => storage(20, 21)).toThrow(/22 or more/);
  });

  it("checks the task size, the scaling bounds, the shutdown budget and the domain against its zone", () => {
    expect(() => parse({ "rusty-saas:taskMemoryMiB": "512" })).toThrow(
      /rusty-saas:taskMemoryMiB: 512 MiB does not fit 512 CPU units/,
    );
    expect(() => parse({ "rusty-saas:maxTasks": "0" })).toThrow(/rusty-saas:maxTasks: "0" must be an integer from 1/);
    expect(() => parse({ "rusty-saas:minTasks": "3" })).toThrow(/rusty-saas:maxTasks: 2 is below minTasks \(3\)/);
    expect(() => parse({ "rusty-saas:stopTimeoutSeconds": "29" })).toThrow(
      /rusty-saas:stopTimeoutSeconds: 29 s is shorter than deregistration delay 15 s \+ drain 5 s \+ longest request 10 s = 30 s/,
    );
    expect(() => parse({ "rusty-saas:stopTimeoutSeconds": "121" })).toThrow(
      /rusty-saas:stopTimeoutSeconds: "121" must be an integer from 2 to 120/,
    );
    expect(() => parse({ "rusty-saas:domainName": "api.other.org" })).toThrow(
      /rusty-saas:domainName: api.other.org is not inside hostedZoneName example.com/,
    );
    expect(() => parse({ "rusty-saas:dbInstanceClass": "db.x9.huge" })).toThrow(
      /rusty-saas:dbInstanceClass: db.x9.huge is not a class the alarms know/,
    );
    expect(() => parse({ "rusty-saas:alarmEmails": '["not-an-email"]' })).toThrow(
      /rusty-saas:alarmEmails: "not-an-email" must be e-mail addresses/,
    );
  });

  // The limits infra/AWS-CONSTRAINTS.md says config holds: each a value AWS would refuse at deploy time.
  it.each([
    [
      "a region name AWS does not use",
      { "aws:region": "europe-west" },
      /^aws:region: "europe-west" is not an AWS region name$/,
    ],
    [
      "a VPC smaller than /24",
      { "rusty-saas:vpcCidr": "10.0.0.0/25" },
      /^rusty-saas:vpcCidr: 10\.0\.0\.0\/25 must have a prefix from \/16 to \/24/,
    ],
    [
      "a VPC larger than /16",
      { "rusty-saas:vpcCidr": "10.0.0.0/12" },
      /^rusty-saas:vpcCidr: 10\.0\.0\.0\/12 must have a prefix from \/16/,
    ],
    [
      "a log retention CloudWatch does not offer",
      { "rusty-saas:logRetentionDays": "10" },
      /^rusty-saas:logRetentionDays: "10" must be one of 1, 3, 5/,
    ],
    [
      "a flow-log retention CloudWatch does not offer",
      { "rusty-saas:flowLogRetentionDays": "100" },
      /^rusty-saas:flowLogRetentionDays: "100" must be one of/,
    ],
    [
      "a Performance Insights retention that is not 7 or 31 × n",
      { "rusty-saas:dbPerformanceInsightsRetentionDays": "30" },
      /^rusty-saas:dbPerformanceInsightsRetentionDays: "30" must be one of 7, 31, 62/,
    ],
    [
      "cache snapshots kept beyond 35 days",
      { "rusty-saas:cacheSnapshotRetentionDays": "36" },
      /^rusty-saas:cacheSnapshotRetentionDays: "36" must be an integer from 0 to 35$/,
    ],
    [
      "cache failover on a single node",
      { "rusty-saas:cacheAutomaticFailover": "true" },
      /^rusty-saas:cacheAutomaticFailover: needs cacheNodeCount of 2 or more$/,
    ],
  ] as const)("refuses %s, naming the key", (_what, overrides, message) => {
    expect(problemsOf(overrides)).toEqual([expect.stringMatching(message)]);
  });

  it("demands the full commit being deployed for the image's immutable tag", () => {
    const sha = "0123456789abcdef0123456789abcdef01234567";
    expect(parseImageRevision(sha)).toBe(sha);
    expect(() => parseImageRevision(undefined)).toThrow(/RUSTY_SAAS_IMAGE_REVISION: not set/);
    expect(() => parseImageRevision("main")).toThrow(InfraConfigError);
    expect(() => parseImageRevision(sha.slice(0, 7))).toThrow(InfraConfigError);
  });

  it("rejects a list that is not a list", () => {
    expect(() => parse({ "rusty-saas:interfaceEndpoints": "ecr.api" })).toThrow(
      /rusty-saas:interfaceEndpoints: must be a list of strings/,
    );
  });

  it("restores, replicates and runs game days only when asked to", () => {
    expect(parse().recovery).toEqual({
      restoreSource: "none",
      restoreTime: "latest",
      backupReplicationRegion: "none",
      backupReplicationRetentionDays: 7,
      gameDays: false,
    });
    expect(
      parse({
        "rusty-saas:dbRestoreSource": "rusty-saas-staging-db",
        "rusty-saas:dbRestoreTime": "2026-11-30T18:05:00Z",
        "rusty-saas:backupReplicationRegion": "eu-central-1",
      }).recovery,
    ).toMatchObject({
      restoreSource: "rusty-saas-staging-db",
      restoreTime: "2026-11-30T18:05:00Z",
      backupReplicationRegion: "eu-central-1",
    });
    expect(
      parse({ "rusty-saas:dbRestoreSource": "arn:aws:rds:eu-central-1:123456789012:auto-backup:ab-abc123" }).recovery
        .restoreSource,
    ).toBe("arn:aws:rds:eu-central-1:123456789012:auto-backup:ab-abc123");
  });

  it("rejects a bad restore source, time or replication, naming the key", () => {
    expect(
      problemsOf({
        "rusty-saas:dbRestoreSource": "1-bad--name-",
        "rusty-saas:dbRestoreTime": "2026-02-30T18:05:00Z",
        "rusty-saas:backupReplicationRegion": "Frankfurt",
        "rusty-saas:backupReplicationRetentionDays": "36",
        "rusty-saas:gameDays": "yes",
      }),
    ).toEqual([
      'rusty-saas:dbRestoreSource: "1-bad--name-" must start with a letter',
      'rusty-saas:dbRestoreSource: "1-bad--name-" must not end with a hyphen',
      'rusty-saas:dbRestoreSource: "1-bad--name-" must not contain two consecutive hyphens',
      'rusty-saas:dbRestoreTime: "2026-02-30T18:05:00Z" must be latest or a UTC time such as 2026-11-30T18:05:00Z',
      'rusty-saas:backupReplicationRegion: "Frankfurt" is not an AWS region name',
      'rusty-saas:backupReplicationRetentionDays: "36" must be an integer from 1 to 35',
      'rusty-saas:gameDays: "yes" must be true or false',
    ]);
    expect(problemsOf({ "rusty-saas:dbRestoreSource": "arn:aws:rds:eu-west-1:123456789012:db:prod" })).toEqual([
      'rusty-saas:dbRestoreSource: "arn:aws:rds:eu-west-1:123456789012:db:prod" is not an automated-backups ARN (arn:aws:rds:<region>:<account>:auto-backup:ab-…)',
    ]);
    expect(problemsOf({ "rusty-saas:dbRestoreTime": "2026-11-30 18:05" })).toEqual([
      'rusty-saas:dbRestoreTime: "2026-11-30 18:05" must be latest or a UTC time such as 2026-11-30T18:05:00Z',
    ]);
  });

  it("refuses a restore time without a source (it would be ignored in silence)", () => {
    expect(problemsOf({ "rusty-saas:dbRestoreTime": "2026-11-30T18:05:00Z" })).toEqual([
      "rusty-saas:dbRestoreTime: 2026-11-30T18:05:00Z is set but dbRestoreSource is none: name the instance to restore from",
    ]);
  });
});

describe("a secret setting", () => {
  const secretGroup = group({
    token: {
      key: "apiToken",
      description: "a credential",
      kind: text({ allowed: "32 hex digits", pattern: /^[0-9a-f]{32}$/, hint: "must be 32 hex digits" }),
      secret: true,
    },
  });

  it("reaches resources only as a Pulumi secret", async () => {
    const problems: string[] = [];
    const value = "0123456789abcdef0123456789abcdef";
    const values = parseGroup(secretGroup, () => value, problems);
    expect(problems).toEqual([]);
    expect(pulumi.Output.isInstance(values.token)).toBe(true);
    const output = values.token as pulumi.Output<string>;
    expect(await pulumi.isSecret(output)).toBe(true);
  });

  it("never shows its value in a problem, only what it should be", () => {
    const problems: string[] = [];
    parseGroup(secretGroup, () => "hunter2-is-my-password", problems);
    expect(problems).toEqual(["rusty-saas:apiToken: the secret value does not fit: 32 hex digits"]);
    expect(problems.join()).not.toContain("hunter2");
  });
});
