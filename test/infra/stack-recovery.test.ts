// Whole-stack tests, recovery: the primary restored to a point in time by config, automated backups replicated to
// a second region (production), and the AWS FIS game-day templates (staging), on both stacks' mocked runs.
import { describe, expect, it } from "vitest";
import { policies } from "../../infra/policy/policies.js";
import { argumentsARestoreOmits } from "../../infra/recovery/restore-plan.js";
import { stopConditionAlarmKeys } from "../../infra/recovery/game-day-plan.js";
import { runPolicies } from "./harness/policy-runner.js";
import { recordedStack, stackNames, type StackName } from "./harness/recorded-stacks.js";
import { runStack, type RecordedResource, type StackRun } from "./harness/stack-harness.js";
import { byUrn, input, ofType, one, parseJson, sourcesOf } from "./harness/stack-queries.js";

const rds = "aws:rds/instance:Instance";
const replication = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication";
const template = "aws:fis/experimentTemplate:ExperimentTemplate";
const primaryOf = (run: StackRun) => ofType(run, rds).filter((r) => input(r, "replicateSourceDb") === undefined);
const replicasOf = (run: StackRun) => ofType(run, rds).filter((r) => input(r, "replicateSourceDb") !== undefined);
const restoreTime = "2026-11-30T18:05:00Z";

/** The provider a resource was registered with, from its `urn::id` reference. */
function providerOf(run: StackRun, resource: RecordedResource): RecordedResource {
  const provider = byUrn(run, resource.provider.split("::").slice(0, -1).join("::"));
  if (!provider) throw new Error(`${resource.name} has no explicit provider`);
  return provider;
}

describe.each(stackNames)("%s stack: restore by config", (stack: StackName) => {
  const prefix = `rusty-saas-${stack}`;

  it("creates the primary empty by default, with its database, master user and key", async () => {
    const [primary] = primaryOf(await recordedStack(stack));
    expect(input(primary!, "identifier")).toBe(`${prefix}-db`);
    expect(input(primary!, "restoreToPointInTime")).toBeUndefined();
    expect(primary!.inputs).toMatchObject({ dbName: "rusty", username: "rusty_admin" });
  });

  it("restores the primary to a point in time from the named instance, without the arguments a restore refuses", async () => {
    const run = await runStack({
      configStack: stack,
      overrides: { "rusty-saas:dbRestoreSource": `${prefix}-db`, "rusty-saas:dbRestoreTime": restoreTime },
    });
    const [primary, ...others] = primaryOf(run);
    expect(others).toEqual([]);
    expect(input(primary!, "restoreToPointInTime")).toEqual({
      sourceDbInstanceIdentifier: `${prefix}-db`,
      restoreTime,
    });
    for (const key of argumentsARestoreOmits) expect(primary!.inputs[key], key).toBeUndefined();
    const identifier = input<string>(primary!, "identifier");
    expect(identifier).toMatch(new RegExp(`^${prefix}-db-r[0-9a-f]{8}$`));
    // Everything else a primary is stays: encrypted, managed password, backups, the stack's network and size.
    expect(primary!.inputs).toMatchObject({
      storageEncrypted: true,
      manageMasterUserPassword: true,
      deleteAutomatedBackups: false,
      publiclyAccessible: false,
    });
    expect(input<number>(primary!, "backupRetentionPeriod")).toBeGreaterThanOrEqual(7);
    // The cut-over: replicas, the service's database host, the alarms and the outputs follow the restored primary.
    for (const replica of replicasOf(run))
      expect(sourcesOf(run, replica, "replicateSourceDb")).toEqual([primary!.name]);
    const containers = String(input(one(run, "aws:ecs/taskDefinition:TaskDefinition"), "containerDefinitions"));
    expect(containers).toContain(`${identifier}.abcdefghijkl`);
    expect(containers).not.toContain(`"${prefix}-db.abcdefghijkl`);
    const alarmDimensions = ofType(run, "aws:cloudwatch/metricAlarm:MetricAlarm")
      .map((alarm) => JSON.stringify(alarm.inputs))
      .filter((text) => text.includes("DBInstanceIdentifier"));
    expect(alarmDimensions.some((text) => text.includes(`"${identifier}"`))).toBe(true);
    expect(alarmDimensions.some((text) => text.includes(`"${prefix}-db"`))).toBe(false);
    expect(run.outputs.databaseIdentifier).toBe(identifier);
    expect(String(run.outputs.databaseEndpoint)).toMatch(new RegExp(`^${identifier}\\.`));
    // The policy pack accepts a restored primary (encrypted, backed up, replicated in production) as it is.
    expect(await runPolicies(policies, run)).toEqual([]);
  });

  it("refuses a bad restore setting before creating anything, naming the key", async () => {
    await expect(
      runStack({ configStack: stack, overrides: { "rusty-saas:dbRestoreTime": "yesterday" } }),
    ).rejects.toThrow(/rusty-saas:dbRestoreTime: "yesterday" must be latest or a UTC time/);
  });
});

describe("region loss", () => {
  it("production replicates its primary's automated backups to eu-central-1, with a key there and 14 days kept", async () => {
    const run = await recordedStack("production");
    const copy = one(run, replication);
    const [primary] = primaryOf(run);
    expect(sourcesOf(run, copy, "sourceDbInstanceArn")).toEqual([primary!.name]);
    expect(input(copy, "retentionPeriod")).toBe(14);
    const region = (resource: RecordedResource) => input(providerOf(run, resource), "region");
    expect(region(copy)).toBe("eu-central-1");
    expect(region(primary!)).toBe("eu-west-1");
    const [keyName] = sourcesOf(run, copy, "kmsKeyId");
    const key = one(run, "aws:kms/key:Key", keyName);
    expect(region(key)).toBe("eu-central-1");
    expect(input(copy, "kmsKeyId")).toMatch(/^arn:aws:kms:eu-central-1:/);
    expect(key.protect).toBe(true);
    // The second region's provider carries the stack's tags like the first.
    expect(input(providerOf(run, copy), "defaultTags")).toEqual(input(providerOf(run, primary!), "defaultTags"));
    expect(run.outputs.databaseReplicatedBackupsArn).toMatch(/^arn:aws:rds:eu-central-1:\d{12}:auto-backup:ab-/);
  });

  it("staging does not replicate (no second region in its stack file)", async () => {
    const run = await recordedStack("staging");
    expect(ofType(run, replication)).toEqual([]);
    expect(run.outputs.databaseReplicatedBackupsArn).toBe("");
  });

  it("a stack in the second region restores the primary from the replicated backups", async () => {
    const arn = String((await recordedStack("production")).outputs.databaseReplicatedBackupsArn);
    const run = await runStack({
      configStack: "production",
      overrides: {
        "aws:region": "eu-central-1",
        "rusty-saas:dbRestoreSource": arn,
        "rusty-saas:backupReplicationRegion": "eu-west-1",
      },
    });
    const [primary] = primaryOf(run);
    expect(input(primary!, "restoreToPointInTime")).toEqual({
      sourceDbInstanceAutomatedBackupsArn: arn,
      useLatestRestorableTime: true,
    });
    // The replicated backups are encrypted with the second region's key: naming another would replace the instance.
    expect(input(primary!, "kmsKeyId")).toBeUndefined();
  });

  it("refuses replicated backups of another region and replication into the stack's own region", async () => {
    const arn = "arn:aws:rds:eu-central-1:123456789012:auto-backup:ab-abc123";
    await expect(
      runStack({
        configStack: "production",
        overrides: { "rusty-saas:dbRestoreSource": arn, "rusty-saas:backupReplicationRegion": "eu-west-1" },
      }),
    ).rejects.toThrow(
      /rusty-saas:dbRestoreSource: the automated backups are in eu-central-1[\s\S]*rusty-saas:backupReplicationRegion: eu-west-1 is the stack's own region/,
    );
  });
});

describe("game days", () => {
  it("staging has its experiment templates, production none (gameDays)", async () => {
    const staging = await recordedStack("staging");
    expect(
      ofType(staging, template)
        .map((t) => t.name)
        .sort(),
    ).toEqual(["rusty-saas-staging-reboot-db-primary", "rusty-saas-staging-stop-api-tasks"]);
    expect(Object.keys(staging.outputs.gameDayTemplateIds as object).sort()).toEqual([
      "reboot-db-primary",
      "stop-api-tasks",
    ]);
    // The procedure finds each template by this tag.
    for (const experiment of ofType(staging, template))
      expect(input(experiment, "tags")).toEqual({ Name: experiment.name });
    const production = await recordedStack("production");
    expect(ofType(production, template)).toEqual([]);
    expect(ofType(production, "aws:iam/role:Role").filter((r) => r.name.includes("-fis-"))).toEqual([]);
  });

  it("with game days on, production also interrupts its Multi-AZ cache's zone and fails the primary over", async () => {
    const run = await runStack({ configStack: "production", overrides: { "rusty-saas:gameDays": "true" } });
    const byName = (key: string) => one(run, template, `rusty-saas-production-${key}`);
    const cache = one(run, "aws:elasticache/replicationGroup:ReplicationGroup");
    expect(input(byName("interrupt-cache-zone"), "targets")).toEqual([
      {
        name: "cache",
        resourceType: "aws:elasticache:replicationgroup",
        selectionMode: "ALL",
        resourceArns: [`arn:aws:elasticache:eu-west-1:123456789012:${cache.name}`],
        parameters: { availabilityZoneIdentifier: "eu-west-1a" },
      },
    ]);
    expect(input(byName("reboot-db-primary"), "actions")).toEqual([
      expect.objectContaining({ parameters: [{ key: "forceFailover", value: "true" }] }),
    ]);
    expect(input(byName("stop-api-tasks"), "targets")).toEqual([
      expect.objectContaining({ selectionMode: "COUNT(1)" }),
    ]);
    expect(await runPolicies(policies, run)).toEqual([]);
  });

  it("stops every experiment on the page alarms, which are the stack's own alarms", async () => {
    const run = await recordedStack("staging");
    const alarmArns = new Map(
      ofType(run, "aws:cloudwatch/metricAlarm:MetricAlarm").map((alarm) => [
        `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${String(input(alarm, "name"))}`,
        alarm,
      ]),
    );
    for (const experiment of ofType(run, template)) {
      const conditions = input<{ source: string; value: string }[]>(experiment, "stopConditions");
      expect(conditions.map((c) => c.source)).toEqual(stopConditionAlarmKeys.map(() => "aws:cloudwatch:alarm"));
      expect(conditions.map((c) => alarmArns.get(c.value)?.name)).toEqual(
        stopConditionAlarmKeys.map((key) => `rusty-saas-staging-${key}`),
      );
      expect(sourcesOf(run, experiment, "stopConditions").sort()).toEqual(
        stopConditionAlarmKeys.map((key) => `rusty-saas-staging-${key}`).sort(),
      );
    }
  });

  it("gives each template a role of its own, trusted by FIS for this account, allowed only on its target", async () => {
    const run = await recordedStack("staging");
    const [primary] = primaryOf(run);
    const targets: Record<string, string> = {
      "stop-api-tasks": "arn:aws:ecs:eu-west-1:123456789012:task/rusty-saas-staging/*",
      "reboot-db-primary": `arn:aws:rds:eu-west-1:123456789012:db:${String(input(primary!, "identifier"))}`,
    };
    const roles = new Set<string>();
    for (const experiment of ofType(run, template)) {
      const key = experiment.name.replace("rusty-saas-staging-", "");
      const [roleName] = sourcesOf(run, experiment, "roleArn");
      expect(roles.has(roleName!)).toBe(false);
      roles.add(roleName!);
      const role = one(run, "aws:iam/role:Role", roleName);
      expect(parseJson(input(role, "assumeRolePolicy"))).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "fis.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
          },
        ],
      });
      const policies = ofType(run, "aws:iam/rolePolicy:RolePolicy").filter((p) =>
        sourcesOf(run, p, "role").includes(roleName!),
      );
      expect(policies).toHaveLength(1);
      const statements = parseJson(input(policies[0]!, "policy")).Statement as {
        Action: string[];
        Resource: string;
        Condition?: unknown;
      }[];
      for (const statement of statements) {
        if (statement.Resource === "*")
          expect(statement.Condition !== undefined || statement.Action.every((a) => a === "tag:GetResources")).toBe(
            true,
          );
        else expect(statement.Resource).toBe(targets[key]);
        for (const action of statement.Action) expect(action).not.toContain("*");
      }
      expect(
        ofType(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) =>
          sourcesOf(run, a, "role").includes(roleName!),
        ),
      ).toEqual([]);
    }
    expect(roles.size).toBe(2);
  });
});
