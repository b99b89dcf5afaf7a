// Whole-stack tests, image and service: image → task definition → service, secrets → roles, autoscaling.
import { describe, expect, it } from "vitest";
import { imageBuilderName } from "../../infra/image/image-plan.js";
import { expectedStacks } from "./expected-stacks.js";
import { mockResourceId } from "./harness/mock-cloud.js";
import { recordedStack, stackNames } from "./harness/recorded-stacks.js";
import { byMockId, input, one, ofType, parseJson, sourcesOf } from "./harness/stack-queries.js";
import { testImageRevision } from "./harness/stack-harness.js";
import { asList, container, containers, envOf, secretsOf, statements } from "./harness/task-queries.js";

const expectedService = {
  staging: {
    cpu: "512",
    memory: "1024",
    min: 1,
    max: 2,
    stopTimeout: 30,
    ecsExec: true,
    deploymentAlarms: false,
    zones: 2,
  },
  production: {
    cpu: "1024",
    memory: "2048",
    min: 3,
    max: 12,
    stopTimeout: 45,
    ecsExec: false,
    deploymentAlarms: true,
    zones: 3,
  },
} as const;

describe.each(stackNames)("%s stack: image and service", (stack) => {
  const expected = expectedService[stack];
  const prefix = `rusty-saas-${stack}`;
  const albName = `rusty-${stack}-alb`;
  const tgName = `rusty-${stack}-api`;
  const repoUrl = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${prefix}/api`;
  const digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  it("keeps images in a scanned, KMS-encrypted ECR repository whose tags are immutable except the rolling ones", async () => {
    const run = await recordedStack(stack);
    const repo = one(run, "aws:ecr/repository:Repository");
    expect(repo.inputs).toMatchObject({
      name: `${prefix}/api`,
      imageScanningConfiguration: { scanOnPush: true },
      imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
      imageTagMutabilityExclusionFilters: [
        { filter: "cache", filterType: "WILDCARD" },
        { filter: stack, filterType: "WILDCARD" },
      ],
      encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: expect.stringMatching(/^arn:aws:kms:/) }],
    });
    const lifecycle = parseJson(input(one(run, "aws:ecr/lifecyclePolicy:LifecyclePolicy"), "policy"));
    expect(lifecycle.rules).toHaveLength(2);
    expect((lifecycle.rules as unknown[])[0]).toMatchObject({
      selection: { tagStatus: "tagged", tagPrefixList: ["git-"], countType: "imageCountMoreThan", countNumber: 30 },
    });
  });

  it("builds the root Dockerfile for the task's architecture and pushes it with a registry cache", async () => {
    const run = await recordedStack(stack);
    const image = one(run, "docker-build:index:Image");
    expect(image.inputs).toMatchObject({
      context: { location: "." },
      dockerfile: { location: "./Dockerfile" },
      platforms: ["linux/arm64"],
      push: true,
      buildOnPreview: false,
      // The rolling environment tag and the immutable per-commit tag the lifecycle policy keeps.
      tags: [`${repoUrl}:${stack}`, `${repoUrl}:git-${testImageRevision}`],
      cacheFrom: [{ registry: { ref: `${repoUrl}:cache` } }],
      cacheTo: [{ registry: { ref: `${repoUrl}:cache`, mode: "max", imageManifest: true } }],
    });
    // Pushed with Docker's own ECR login (the workflow's), never a token in the inputs: see image-plan-stability.
    expect(input(image, "registries")).toBeUndefined();
    expect(input(image, "builder")).toEqual({ name: imageBuilderName });
  });

  it("runs the pushed digest, not a tag, in a Fargate task sized by config", async () => {
    const run = await recordedStack(stack);
    const task = one(run, "aws:ecs/taskDefinition:TaskDefinition");
    expect(task.inputs).toMatchObject({
      cpu: expected.cpu,
      memory: expected.memory,
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
    });
    expect(container(run, "api").image).toBe(`${repoUrl}@${digest}`);
    expect(sourcesOf(run, task, "containerDefinitions")).toEqual(expect.arrayContaining([`${prefix}-api-image`]));
    expect(run.outputs.imageRef).toBe(`${repoUrl}@${digest}`);
  });

  it("runs the API as the image's non-root user, read-only unless ECS Exec is on (decision 0023), ports mapped, stopTimeout from config", async () => {
    const run = await recordedStack(stack);
    const api = container(run, "api");
    // AWS documents ECS Exec as unsupported on a read-only root filesystem and recommends an init process.
    expect(api.readonlyRootFilesystem).toBe(!expected.ecsExec);
    expect(api.linuxParameters?.initProcessEnabled ?? false).toBe(expected.ecsExec);
    expect(input(one(run, "aws:ecs/service:Service"), "enableExecuteCommand")).toBe(expected.ecsExec);
    expect(api).toMatchObject({
      essential: true,
      user: "1000:1000",
      privileged: false,
      stopTimeout: expected.stopTimeout,
    });
    expect(api.linuxParameters?.capabilities?.drop).toEqual(["ALL"]);
    expect(api.portMappings?.map((p) => p.containerPort)).toEqual([3000, 9464]);
    const tmp = api.mountPoints.find((m) => m.containerPath === "/tmp");
    expect(tmp?.readOnly).toBe(false);
    const volumes = input<{ name: string }[]>(one(run, "aws:ecs/taskDefinition:TaskDefinition"), "volumes").map(
      (v) => v.name,
    );
    for (const mount of containers(run).flatMap((c) => c.mountPoints)) expect(volumes).toContain(mount.sourceVolume);
    // The undocumented volume workaround for ECS Exec on a read-only root is gone with the exception.
    expect(api.mountPoints.map((m) => m.containerPath)).toEqual(["/tmp"]);
  });

  it("logs every container to a log group with the configured retention", async () => {
    const run = await recordedStack(stack);
    const group = one(run, "aws:cloudwatch/logGroup:LogGroup", `${prefix}-api-logs`);
    expect(input(group, "retentionInDays")).toBe(stack === "production" ? 90 : 14);
    for (const c of containers(run))
      expect(c.logConfiguration).toMatchObject({
        logDriver: "awslogs",
        options: { "awslogs-group": `/${prefix}/api`, "awslogs-region": "eu-west-1" },
      });
  });

  it("injects secrets from Secrets Manager, and the execution role may read exactly those", async () => {
    const run = await recordedStack(stack);
    const secrets = secretsOf(container(run, "api"));
    const dbSecret = run.outputs.databaseMasterSecretArn as string;
    expect(secrets).toEqual({
      JWT_SECRET: run.outputs.jwtSecretArn,
      REDIS_AUTH_TOKEN: run.outputs.cacheAuthTokenSecretArn,
    });
    const policy = statements(run, `${prefix}-api-execution-policy`);
    const readable = policy
      .filter((s) => asList(s.Action).includes("secretsmanager:GetSecretValue"))
      .flatMap((s) => asList(s.Resource));
    expect(readable.sort()).toEqual([run.outputs.jwtSecretArn, run.outputs.cacheAuthTokenSecretArn].sort());
    // The RDS master secret holds the owner's password: only the task role (the migration step) reads it.
    expect(readable).not.toContain(dbSecret);
    expect(envOf(container(run, "api"))).toMatchObject({
      DATABASE_USER: "rusty_api",
      DATABASE_AUTH: "iam",
      DATABASE_MIGRATION_USER: "rusty_admin",
      DATABASE_MIGRATION_PASSWORD_SECRET_ARN: dbSecret,
      DATABASE_SSL: "verify-full",
      DATABASE_SSL_CA_FILE: "/app/dist/certs/rds-global-bundle.pem",
    });
    const resources = policy.flatMap((s) => asList(s.Resource));
    expect(resources.filter((r) => r === "*")).toHaveLength(1);
    expect(policy.find((s) => asList(s.Resource).includes("*"))?.Action).toBe("ecr:GetAuthorizationToken");
    expect(policy.find((s) => s.Sid === "EcrPull")?.Resource).toBe(
      `arn:aws:ecr:eu-west-1:123456789012:repository/${prefix}/api`,
    );
    const task = one(run, "aws:ecs/taskDefinition:TaskDefinition");
    expect(input(task, "executionRoleArn")).toBe(`arn:aws:iam::123456789012:role/${prefix}-api-execution-role`);
    expect(input(one(run, "aws:iam/rolePolicy:RolePolicy", `${prefix}-api-execution-policy`), "role")).toBe(
      `${prefix}-api-execution-role-id`,
    );
  });

  it("lets only ECS tasks of this account assume the task and execution roles", async () => {
    const run = await recordedStack(stack);
    for (const role of [`${prefix}-api-execution-role`, `${prefix}-api-task-role`]) {
      expect(parseJson(input(one(run, "aws:iam/role:Role", role), "assumeRolePolicy"))).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "ecs-tasks.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
          },
        ],
      });
    }
  });

  it("gives the task role IAM login as the app user on each instance, the owner's secret, remote write to its workspace, and ECS Exec when enabled", async () => {
    const run = await recordedStack(stack);
    const policy = statements(run, `${prefix}-api-task-policy`);
    expect(policy.map((s) => s.Sid)).toEqual([
      "DatabaseConnectAsApp",
      "MigrationOwnerPassword",
      "DecryptMigrationOwnerPassword",
      "PrometheusRemoteWrite",
      ...(expected.ecsExec ? ["EcsExec"] : []),
    ]);
    // Exactly rusty_api, on exactly the stack's instances (primary and replicas), by their DbiResourceId.
    const instances = ofType(run, "aws:rds/instance:Instance");
    expect(instances).toHaveLength(1 + expectedStacks[stack].replicas);
    for (const instance of instances) expect(input(instance, "iamDatabaseAuthenticationEnabled")).toBe(true);
    expect(policy[0]).toMatchObject({ Effect: "Allow", Action: "rds-db:connect" });
    expect(asList(policy[0]?.Resource ?? []).sort()).toEqual(
      instances
        .map(
          (instance) =>
            `arn:aws:rds-db:eu-west-1:123456789012:dbuser:${mockResourceId(input(instance, "identifier"))}/rusty_api`,
        )
        .sort(),
    );
    for (const arn of asList(policy[0]?.Resource ?? [])) expect(arn).toMatch(/:dbuser:db-[A-Z0-9]{26}\/rusty_api$/);
    expect(policy[1]?.Resource).toBe(run.outputs.databaseMasterSecretArn);
    expect(policy[3]).toMatchObject({
      Action: "aps:RemoteWrite",
      Resource: `arn:aws:aps:eu-west-1:123456789012:workspace/ws-${prefix}-amp`,
    });
    expect(input(one(run, "aws:ecs/taskDefinition:TaskDefinition"), "taskRoleArn")).toBe(
      `arn:aws:iam::123456789012:role/${prefix}-api-task-role`,
    );
  });

  it("runs an ADOT sidecar that scrapes the metrics port on localhost and remote-writes to the workspace with SigV4", async () => {
    const run = await recordedStack(stack);
    const collector = container(run, "adot-collector");
    expect(collector).toMatchObject({
      image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3",
      essential: false,
      readonlyRootFilesystem: true,
      privileged: false,
    });
    const config = envOf(collector).AOT_CONFIG_CONTENT ?? "";
    expect(config).toContain("127.0.0.1:9464");
    expect(config).toContain(
      `https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-${prefix}-amp/api/v1/remote_write`,
    );
    expect(config).toMatch(/authenticator: sigv4auth/);
    expect(config).toMatch(/detectors:\s*\n\s*- env\s*\n\s*- ecs/);
    expect(config).toMatch(/resource_to_telemetry_conversion:\s*\n\s*enabled: true/);
  });

  it("runs the service in the private subnets behind the target group, with circuit breaker, health limits and grace period", async () => {
    const run = await recordedStack(stack);
    const service = one(run, "aws:ecs/service:Service");
    expect(service.inputs).toMatchObject({
      name: "api",
      launchType: "FARGATE",
      desiredCount: expected.min,
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriodSeconds: 180,
      enableExecuteCommand: expected.ecsExec,
      networkConfiguration: { assignPublicIp: false, securityGroups: [`${prefix}-service-sg-id`] },
    });
    expect(
      input<{ subnets: string[] }>(service, "networkConfiguration").subnets.map((id) => byMockId(run, id)?.name),
    ).toEqual(Array.from({ length: expected.zones }, (_, i) => `${prefix}-private-${i + 1}`));
    expect(sourcesOf(run, service, "taskDefinition")).toEqual([`${prefix}-api-task`]);
    expect(input(service, "loadBalancers")).toEqual([
      { containerName: "api", containerPort: 3000, targetGroupArn: expect.stringContaining(`targetgroup/${tgName}/`) },
    ]);
    expect(sourcesOf(run, service, "loadBalancers")).toEqual([tgName]);
    expect(service.dependsOn.some((urn) => urn.endsWith(`::${prefix}-https`))).toBe(true);
    expect(input(one(run, "aws:ecs/cluster:Cluster"), "settings")).toEqual([
      { name: "containerInsights", value: "enabled" },
    ]);
  });

  it("rolls a deployment back on the 5xx-ratio and p99 alarms exactly when config asks", async () => {
    const run = await recordedStack(stack);
    const service = one(run, "aws:ecs/service:Service");
    const alarms = input<{ alarmNames: string[]; rollback: boolean } | undefined>(service, "alarms");
    if (!expected.deploymentAlarms) return expect(alarms).toBeUndefined();
    expect(alarms).toEqual({
      enable: true,
      rollback: true,
      alarmNames: [`${prefix}-ApiHigh5xxRatio`, `${prefix}-ApiHighLatencyP99`],
    });
    const defined = ofType(run, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => input<string>(a, "name"));
    for (const name of alarms!.alarmNames) expect(defined).toContain(name);
  });

  it("scales between the configured bounds on CPU and on requests per target", async () => {
    const run = await recordedStack(stack);
    const target = one(run, "aws:appautoscaling/target:Target");
    expect(target.inputs).toMatchObject({
      minCapacity: expected.min,
      maxCapacity: expected.max,
      resourceId: `service/rusty-saas-${stack}/api`,
      scalableDimension: "ecs:service:DesiredCount",
    });
    const policies = ofType(run, "aws:appautoscaling/policy:Policy").map((p) =>
      input<{
        targetValue: number;
        predefinedMetricSpecification: { predefinedMetricType: string; resourceLabel?: string };
      }>(p, "targetTrackingScalingPolicyConfiguration"),
    );
    expect(policies.map((p) => p.predefinedMetricSpecification.predefinedMetricType).sort()).toEqual([
      "ALBRequestCountPerTarget",
      "ECSServiceAverageCPUUtilization",
    ]);
    const requests = policies.find(
      (p) => p.predefinedMetricSpecification.predefinedMetricType === "ALBRequestCountPerTarget",
    );
    expect(requests?.predefinedMetricSpecification.resourceLabel).toBe(
      `app/${albName}/50dc6c495c0c9188/targetgroup/${tgName}/943f017f100becff`,
    );
    expect(input(one(run, "aws:ecs/service:Service"), "desiredCount")).toBe(expected.min);
  });
});
