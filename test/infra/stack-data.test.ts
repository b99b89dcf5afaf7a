// Whole-stack tests, data tier and secrets: database, cache, KMS, Secrets Manager and the stack outputs.
import { describe, expect, it } from "vitest";
import { primaryReplacingInputs, rdsIdentifierProblems } from "../../infra/data/database-plan.js";
import { recordedStack, stackNames } from "./harness/recorded-stacks.js";
import { byMockId, input, ofType, one, sourcesOf } from "./harness/stack-queries.js";
import { expectedStacks } from "./expected-stacks.js";

const rds = "aws:rds/instance:Instance";

describe.each(stackNames)("%s stack: data tier and secrets", (stack) => {
  const expected = expectedStacks[stack];
  const prefix = `rusty-saas-${stack}`;
  const keyArn = `arn:aws:kms:eu-west-1:123456789012:key/${prefix}-data-key-key-id`;

  it("runs an encrypted PostgreSQL 16 primary in the isolated subnets with the configured size and availability", async () => {
    const run = await recordedStack(stack);
    const primary = one(run, rds, `${prefix}-db`);
    expect(primary.inputs).toMatchObject({
      engine: "postgres",
      engineVersion: "16",
      instanceClass: expected.dbClass,
      multiAz: expected.dbMultiAz,
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: keyArn,
      publiclyAccessible: false,
      allocatedStorage: expected.storage[0],
      maxAllocatedStorage: expected.storage[1],
      caCertIdentifier: "rds-ca-rsa2048-g1",
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: keyArn,
      monitoringInterval: expected.monitoringInterval,
      deletionProtection: expected.deletionProtection,
    });
    expect(input(primary, "monitoringRoleArn") !== undefined).toBe(expected.monitoringInterval > 0);
    const subnetGroup = one(run, "aws:rds/subnetGroup:SubnetGroup");
    expect(sourcesOf(run, primary, "dbSubnetGroupName")).toEqual([subnetGroup.name]);
    expect(input<string[]>(subnetGroup, "subnetIds").map((id) => byMockId(run, id)?.name)).toEqual(
      Array.from({ length: expected.zones }, (_, i) => `${prefix}-isolated-${i + 1}`),
    );
  });

  it("gives RDS an enhanced-monitoring role, a child of the database, exactly when the interval is on", async () => {
    const run = await recordedStack(stack);
    const database = one(run, "rusty-saas:data:Database", "database");
    const roles = ofType(run, "aws:iam/role:Role").filter((role) =>
      input<string>(role, "assumeRolePolicy").includes("monitoring.rds.amazonaws.com"),
    );
    expect(roles.map((role) => role.name)).toEqual(
      expected.monitoringInterval > 0 ? [`${prefix}-rds-monitoring-role`] : [],
    );
    for (const role of roles) {
      expect(role.parentUrn).toBe(database.urn);
      const attachment = one(
        run,
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        `${prefix}-rds-monitoring-policy`,
      );
      expect(attachment.parentUrn).toBe(database.urn);
      expect(sourcesOf(run, attachment, "role")).toEqual([role.name]);
      for (const instance of ofType(run, rds))
        expect(sourcesOf(run, instance, "monitoringRoleArn")).toEqual([role.name]);
    }
  });

  it("keeps point-in-time recovery for the configured days (never under 7) and a final snapshot", async () => {
    const run = await recordedStack(stack);
    const primary = one(run, rds, `${prefix}-db`);
    expect(input(primary, "backupRetentionPeriod")).toBe(expected.backupRetention);
    expect(input<number>(primary, "backupRetentionPeriod")).toBeGreaterThanOrEqual(7);
    expect(input(primary, "skipFinalSnapshot")).toBe(false);
    expect(input(primary, "copyTagsToSnapshot")).toBe(true);
    expect(input(primary, "deleteAutomatedBackups")).toBe(false);
  });

  it("names the final snapshot uniquely per instance: a random suffix replaced whenever the instance is", async () => {
    const run = await recordedStack(stack);
    const primary = one(run, rds, `${prefix}-db`);
    const suffix = one(run, "random:index/randomId:RandomId", `${prefix}-db-final-snapshot-suffix`);
    const snapshot = input<string>(primary, "finalSnapshotIdentifier");
    // A fixed `<id>-final` fails the second teardown (or any replacement) with DBSnapshotAlreadyExists.
    expect(snapshot).toMatch(new RegExp(`^${prefix}-db-final-[0-9a-f]{8}$`));
    expect(rdsIdentifierProblems(snapshot, 255)).toEqual([]);
    expect(sourcesOf(run, primary, "finalSnapshotIdentifier")).toEqual([suffix.name]);
    // The suffix keeps exactly the inputs that replace the instance, with the instance's own values.
    const keepers = input<Record<string, string>>(suffix, "keepers");
    expect(Object.keys(keepers).sort()).toEqual([...primaryReplacingInputs].sort());
    for (const key of primaryReplacingInputs) expect(keepers[key], key).toBe(String(input(primary, key) ?? ""));
    expect(run.outputs.databaseFinalSnapshotIdentifier).toBe(snapshot);
  });

  it("lets RDS manage the master password in Secrets Manager under the stack key", async () => {
    const run = await recordedStack(stack);
    const primary = one(run, rds, `${prefix}-db`);
    expect(input(primary, "manageMasterUserPassword")).toBe(true);
    expect(input(primary, "masterUserSecretKmsKeyId")).toBe(keyArn);
    expect(input(primary, "password")).toBeUndefined();
  });

  it("spreads the configured read replicas over the zones, replicating the primary", async () => {
    const run = await recordedStack(stack);
    const replicas = ofType(run, rds).filter((r) => input(r, "replicateSourceDb") !== undefined);
    expect(replicas).toHaveLength(expected.replicas);
    const zones = replicas.map((r) => input<string>(r, "availabilityZone"));
    expect(new Set(zones).size).toBe(Math.min(expected.replicas, expected.zones));
    for (const replica of replicas) {
      expect(input(replica, "maxAllocatedStorage"), replica.name).toBe(expected.storage[1]);
      expect(input(replica, "replicateSourceDb")).toBe(`${prefix}-db`);
      expect(sourcesOf(run, replica, "replicateSourceDb")).toEqual([`${prefix}-db`]);
      // A same-region replica is encrypted with its source's key: RDS rejects KmsKeyId on it
      // (InvalidParameterCombination), so neither the key nor storageEncrypted is passed.
      expect(replica.inputs).not.toHaveProperty("kmsKeyId");
      expect(replica.inputs).not.toHaveProperty("storageEncrypted");
      // Left to CreateDBInstanceReadReplica's default (gp3): naming gp3 there demands an Iops value too.
      expect(replica.inputs).not.toHaveProperty("storageType");
      expect(replica.inputs).toMatchObject({
        publiclyAccessible: false,
        backupRetentionPeriod: 0,
        caCertIdentifier: "rds-ca-rsa2048-g1",
        performanceInsightsEnabled: true,
      });
    }
  });

  it("pins a single-AZ primary to the first zone with no replica beside it; leaves a Multi-AZ primary to RDS", async () => {
    const run = await recordedStack(stack);
    const primaryZone = input<string | undefined>(one(run, rds, `${prefix}-db`), "availabilityZone");
    const replicaZones = ofType(run, rds)
      .filter((r) => input(r, "replicateSourceDb") !== undefined)
      .map((r) => input<string>(r, "availabilityZone"));
    if (expected.dbMultiAz) expect(primaryZone).toBeUndefined();
    else {
      expect(primaryZone).toBe("eu-west-1a");
      expect(replicaZones).not.toContain(primaryZone);
    }
    expect(replicaZones.every((zone) => /^eu-west-1[a-c]$/.test(zone))).toBe(true);
  });

  it("forces TLS and logs slow queries through the parameter group used by every instance", async () => {
    const run = await recordedStack(stack);
    const group = one(run, "aws:rds/parameterGroup:ParameterGroup");
    expect(input(group, "family")).toBe("postgres16");
    const parameters = input<{ name: string; value: string }[]>(group, "parameters");
    expect(parameters).toContainEqual(expect.objectContaining({ name: "rds.force_ssl", value: "1" }));
    expect(parameters).toContainEqual(expect.objectContaining({ name: "log_min_duration_statement", value: "500" }));
    for (const instance of ofType(run, rds))
      expect(sourcesOf(run, instance, "parameterGroupName")).toEqual([group.name]);
  });

  it("sets max_connections explicitly (a static parameter, so pending-reboot) and alarms at 80 % of exactly that", async () => {
    const run = await recordedStack(stack);
    const parameters = input<{ name: string; value: string; applyMethod: string }[]>(
      one(run, "aws:rds/parameterGroup:ParameterGroup"),
      "parameters",
    );
    const maxConnections = parameters.find((p) => p.name === "max_connections");
    expect(maxConnections?.applyMethod).toBe("pending-reboot");
    const value = Number(maxConnections?.value);
    // Below RDS's own default for the class (LEAST(DBInstanceClassMemory/9531392, 5000), DBInstanceClassMemory
    // being under the class's memory): 4 GiB classes ≈ 413 measured, 8 GiB ≈ 856.
    expect(value).toBe(expected.dbClass === "db.t4g.medium" ? 337 : 675);
    const alarms = ofType(run, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) =>
      a.name.includes("-DatabaseConnectionsHigh-"),
    );
    expect(alarms).toHaveLength(expected.replicas + 1);
    for (const alarm of alarms) expect(input(alarm, "threshold"), alarm.name).toBe(Math.floor(value * 0.8));
  });

  it("exports every instance's logs to log groups created first, with the configured retention", async () => {
    const run = await recordedStack(stack);
    for (const instance of ofType(run, rds)) {
      expect(input(instance, "enabledCloudwatchLogsExports")).toEqual(["postgresql", "upgrade"]);
      for (const type of ["postgresql", "upgrade"]) {
        const group = ofType(run, "aws:cloudwatch/logGroup:LogGroup").find(
          (g) => input(g, "name") === `/aws/rds/instance/${instance.name}/${type}`,
        );
        expect(group, `${instance.name} ${type}`).toBeDefined();
        expect(input(group!, "retentionInDays")).toBe(expected.logRetention);
        expect(instance.dependsOn).toContain(group!.urn);
      }
    }
  });

  it("admits PostgreSQL only from the service security group", async () => {
    const run = await recordedStack(stack);
    const dbSg = one(run, "aws:ec2/securityGroup:SecurityGroup", `${prefix}-db-sg`);
    const rules = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
      (r) => byMockId(run, input(r, "securityGroupId")) === dbSg,
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]!.inputs).toMatchObject({
      ipProtocol: "tcp",
      fromPort: 5432,
      toPort: 5432,
      referencedSecurityGroupId: `${prefix}-service-sg-id`,
    });
    expect(input(dbSg, "ingress")).toBeUndefined();
    for (const instance of ofType(run, rds))
      expect(input(instance, "vpcSecurityGroupIds")).toEqual([`${prefix}-db-sg-id`]);
  });

  it("runs Valkey with TLS, encryption at rest and an auth token from Secrets Manager, sized by config", async () => {
    const run = await recordedStack(stack);
    const cache = one(run, "aws:elasticache/replicationGroup:ReplicationGroup");
    expect(cache.inputs).toMatchObject({
      engine: "valkey",
      nodeType: expected.cacheNodeType,
      numCacheClusters: expected.cacheNodes,
      automaticFailoverEnabled: expected.cacheFailover,
      multiAzEnabled: expected.cacheFailover,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      atRestEncryptionEnabled: true,
      kmsKeyId: keyArn,
      securityGroupIds: [`${prefix}-cache-sg-id`],
    });
    expect(input(cache, "snapshotRetentionLimit")).toBe(expected.cacheSnapshotRetention);
    expect(cache.secretInputs).toContain("authToken");
    const token = one(run, "random:index/randomPassword:RandomPassword", `${prefix}-cache-auth-token`);
    expect(sourcesOf(run, cache, "authToken")).toEqual([token.name]);
    const version = one(run, "aws:secretsmanager/secretVersion:SecretVersion", `${prefix}-cache-auth-token-value`);
    expect(sourcesOf(run, version, "secretString")).toEqual([token.name]);
    expect(version.secretInputs).toContain("secretString");
    expect(
      input<string[]>(one(run, "aws:elasticache/subnetGroup:SubnetGroup"), "subnetIds").map(
        (id) => byMockId(run, id)?.name,
      ),
    ).toEqual(Array.from({ length: expected.zones }, (_, i) => `${prefix}-isolated-${i + 1}`));
    const rules = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
      (r) => input(r, "securityGroupId") === `${prefix}-cache-sg-id`,
    );
    expect(rules.map((r) => r.inputs)).toEqual([
      expect.objectContaining({ fromPort: 6379, toPort: 6379, referencedSecurityGroupId: `${prefix}-service-sg-id` }),
    ]);
  });

  it("keeps the JWT signing secret and the cache token in Secrets Manager under a rotating KMS key", async () => {
    const run = await recordedStack(stack);
    const key = one(run, "aws:kms/key:Key", `${prefix}-data-key`);
    expect(input(key, "enableKeyRotation")).toBe(true);
    const secrets = ofType(run, "aws:secretsmanager/secret:Secret");
    // No fixed names: a deleted secret's name stays reserved for its recovery window, so recreating a stack
    // within it would fail CreateSecret. The provider appends a unique suffix to each prefix.
    for (const secret of secrets) expect(input(secret, "name"), secret.name).toBeUndefined();
    expect(secrets.map((s) => input(s, "namePrefix")).sort()).toEqual([
      `rusty-saas/${stack}/cache-auth-token-`,
      `rusty-saas/${stack}/jwt-secret-`,
    ]);
    for (const secret of secrets) expect(input(secret, "kmsKeyId")).toBe(keyArn);
    // The ARNs (whatever name the provider picked) are what the outputs and the task definition carry.
    expect(run.outputs.jwtSecretArn).toBe(
      `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${prefix}-jwt-secret-AbCdEf`,
    );
    expect(run.outputs.cacheAuthTokenSecretArn).toBe(
      `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${prefix}-cache-auth-token-AbCdEf`,
    );
    const jwtVersion = one(run, "aws:secretsmanager/secretVersion:SecretVersion", `${prefix}-jwt-secret-value`);
    expect(sourcesOf(run, jwtVersion, "secretString")).toEqual([`${prefix}-jwt-secret`]);
  });

  it("protects the stateful resources exactly when config says so", async () => {
    const run = await recordedStack(stack);
    const stateful = [
      ...ofType(run, rds),
      ...ofType(run, "aws:elasticache/replicationGroup:ReplicationGroup"),
      ...ofType(run, "aws:kms/key:Key"),
    ];
    // Primary, replicas, cache, the stack's key, and the replicated backups' key in the second region.
    expect(stateful.length).toBe(expected.replicas + 3 + (expected.backupReplicationRegion ? 1 : 0));
    for (const resource of stateful) expect(resource.protect, resource.name).toBe(expected.protect);
  });

  it("exports endpoints and ARNs for the service, and no secret value", async () => {
    const run = await recordedStack(stack);
    expect(run.outputs).toMatchObject({
      databaseEndpoint: `${prefix}-db.abcdefghijkl.eu-west-1.rds.amazonaws.com`,
      databaseMasterSecretArn: expect.stringMatching(/^arn:aws:secretsmanager:/),
      cacheEndpoint: expect.stringContaining(`${prefix}-cache`),
      jwtSecretArn: expect.stringMatching(/^arn:aws:secretsmanager:/),
      cacheAuthTokenSecretArn: expect.stringMatching(/^arn:aws:secretsmanager:/),
    });
    expect(run.outputs.databaseReplicaEndpoints).toHaveLength(expected.replicas);
    expect(run.secretOutputs).toEqual([]);
    const text = JSON.stringify(run.outputs);
    for (const password of ofType(run, "random:index/randomPassword:RandomPassword"))
      expect(text).not.toContain(`mock-secret-${password.name}`);
  });
});
