// The API on ECS Fargate: cluster with Container Insights, the task definition (API + ADOT sidecar) on the pushed
// image digest, least-privilege execution and task roles, the service in the private subnets behind the target
// group with circuit breaker, deployment alarms and autoscaling on CPU and requests per target.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ServiceSettings } from "../config.js";
import { servicePrincipalTrust } from "../iam-documents.js";
import { apiContainerName, apiSecrets, appPort, injectedSecretArns, type ApiRuntimeInput } from "./container-plan.js";
import { containerDefinitions, executionRolePolicy, taskRolePolicy, taskVolumes } from "./task-plan.js";

export interface ApiServiceArgs {
  readonly prefix: string;
  readonly environment: string;
  readonly region: string;
  readonly accountId: string;
  readonly settings: ServiceSettings;
  readonly clusterName: string;
  readonly serviceName: string;
  readonly logRetentionDays: number;
  readonly imageRef: pulumi.Input<string>;
  readonly repositoryArn: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly runtime: pulumi.Input<ApiRuntimeInput>;
  readonly remoteWriteUrl: pulumi.Input<string>;
  readonly workspaceArn: pulumi.Input<string>;
  readonly privateSubnetIds: pulumi.Input<string>[];
  readonly serviceSecurityGroupId: pulumi.Input<string>;
  readonly targetGroupArn: pulumi.Input<string>;
  readonly requestCountResourceLabel: pulumi.Input<string>;
  readonly deploymentAlarmNames: readonly string[];
  /** Resources the service must wait for: the listener (targets need it) and the deployment alarms. */
  readonly dependsOn: pulumi.Resource[];
}

export class ApiService extends pulumi.ComponentResource {
  readonly clusterName: pulumi.Output<string>;
  readonly serviceName: pulumi.Output<string>;
  readonly logGroupName: pulumi.Output<string>;
  readonly taskDefinitionArn: pulumi.Output<string>;

  constructor(name: string, args: ApiServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rusty-saas:service:ApiService", name, {}, opts);
    const child = { parent: this };
    const cluster = new aws.ecs.Cluster(
      `${args.prefix}-cluster`,
      { name: args.clusterName, settings: [{ name: "containerInsights", value: "enabled" }] },
      child,
    );
    const logGroup = new aws.cloudwatch.LogGroup(
      `${args.prefix}-api-logs`,
      { name: `/${args.prefix}/api`, retentionInDays: args.logRetentionDays },
      child,
    );
    const roles = this.roles(args, logGroup);
    const taskDefinition = this.taskDefinition(args, roles, logGroup);
    const service = this.service(args, cluster, taskDefinition);
    this.taskDefinitionArn = taskDefinition.arn;
    this.clusterName = cluster.name;
    this.serviceName = service.name;
    this.logGroupName = logGroup.name;
    this.autoscaling(args, cluster, service);
    this.registerOutputs({
      clusterName: this.clusterName,
      serviceName: this.serviceName,
      taskDefinitionArn: this.taskDefinitionArn,
    });
  }

  /** Execution role: pull the image, write logs, read the injected secrets. Task role: what the app and sidecar call. */
  private roles(
    args: ApiServiceArgs,
    logGroup: aws.cloudwatch.LogGroup,
  ): { execution: aws.iam.Role; task: aws.iam.Role } {
    const child = { parent: this };
    const runtime = pulumi.output(args.runtime);
    const execution = new aws.iam.Role(
      `${args.prefix}-api-execution-role`,
      { assumeRolePolicy: servicePrincipalTrust("ecs-tasks.amazonaws.com", args.accountId) },
      child,
    );
    new aws.iam.RolePolicy(
      `${args.prefix}-api-execution-policy`,
      {
        role: execution.id,
        policy: pulumi
          .all([args.repositoryArn, logGroup.arn, runtime, args.kmsKeyArn])
          .apply(([repositoryArn, logGroupArn, rt, kmsKeyArn]) =>
            executionRolePolicy({
              repositoryArn,
              logGroupArn,
              secretArns: injectedSecretArns(apiSecrets(rt)),
              kmsKeyArn,
              region: args.region,
            }),
          ),
      },
      child,
    );
    const task = new aws.iam.Role(
      `${args.prefix}-api-task-role`,
      { assumeRolePolicy: servicePrincipalTrust("ecs-tasks.amazonaws.com", args.accountId) },
      child,
    );
    new aws.iam.RolePolicy(
      `${args.prefix}-api-task-policy`,
      {
        role: task.id,
        policy: pulumi.all([runtime, args.kmsKeyArn, args.workspaceArn]).apply(([rt, kmsKeyArn, workspaceArn]) =>
          taskRolePolicy({
            databaseSecretArn: rt.databaseSecretArn,
            databaseResourceIds: rt.databaseResourceIds,
            accountId: args.accountId,
            kmsKeyArn,
            workspaceArn,
            region: args.region,
            ecsExec: args.settings.ecsExec,
          }),
        ),
      },
      child,
    );
    return { execution, task };
  }

  private taskDefinition(
    args: ApiServiceArgs,
    roles: { execution: aws.iam.Role; task: aws.iam.Role },
    logGroup: aws.cloudwatch.LogGroup,
  ): aws.ecs.TaskDefinition {
    const { settings } = args;
    return new aws.ecs.TaskDefinition(
      `${args.prefix}-api-task`,
      {
        family: `${args.prefix}-api`,
        cpu: String(settings.cpu),
        memory: String(settings.memoryMiB),
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: settings.architecture },
        executionRoleArn: roles.execution.arn,
        taskRoleArn: roles.task.arn,
        volumes: taskVolumes(),
        containerDefinitions: pulumi
          .all([args.imageRef, args.runtime, args.remoteWriteUrl, logGroup.name])
          .apply(([imageRef, rt, remoteWriteUrl, logGroupName]) =>
            JSON.stringify(
              containerDefinitions({
                ...rt,
                imageRef,
                remoteWriteUrl,
                logGroupName,
                region: args.region,
                environment: args.environment,
                serviceName: args.serviceName,
                collectorImage: settings.adotCollectorImage,
                stopTimeoutSeconds: settings.stopTimeoutSeconds,
                ecsExec: settings.ecsExec,
                startupSeconds: settings.healthCheckGracePeriodSeconds,
              }),
            ),
          ),
      },
      { parent: this },
    );
  }

  private service(
    args: ApiServiceArgs,
    cluster: aws.ecs.Cluster,
    taskDefinition: aws.ecs.TaskDefinition,
  ): aws.ecs.Service {
    const { settings } = args;
    return new aws.ecs.Service(
      `${args.prefix}-api-service`,
      {
        name: args.serviceName,
        cluster: cluster.arn,
        taskDefinition: taskDefinition.arn,
        desiredCount: settings.minTasks,
        launchType: "FARGATE",
        platformVersion: "LATEST",
        networkConfiguration: {
          subnets: args.privateSubnetIds,
          securityGroups: [args.serviceSecurityGroupId],
          assignPublicIp: false,
        },
        loadBalancers: [
          { targetGroupArn: args.targetGroupArn, containerName: apiContainerName, containerPort: appPort },
        ],
        healthCheckGracePeriodSeconds: settings.healthCheckGracePeriodSeconds,
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        alarms: settings.deploymentAlarms
          ? { enable: true, rollback: true, alarmNames: [...args.deploymentAlarmNames] }
          : undefined,
        enableExecuteCommand: settings.ecsExec,
        enableEcsManagedTags: true,
        propagateTags: "SERVICE",
        availabilityZoneRebalancing: "ENABLED",
        // `pulumi up` waits for the rollout; CI then checks ECS did not roll it back (pulumi-awsx#1848).
        waitForSteadyState: true,
      },
      {
        parent: this,
        dependsOn: args.dependsOn,
        ignoreChanges: ["desiredCount"] /* autoscaling owns the count after creation */,
      },
    );
  }

  private autoscaling(args: ApiServiceArgs, cluster: aws.ecs.Cluster, service: aws.ecs.Service): void {
    const child = { parent: this };
    const target = new aws.appautoscaling.Target(
      `${args.prefix}-api-scaling`,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: pulumi.interpolate`service/${cluster.name}/${service.name}`,
        minCapacity: args.settings.minTasks,
        maxCapacity: args.settings.maxTasks,
      },
      child,
    );
    const policy = (name: string, metric: string, targetValue: number, resourceLabel?: pulumi.Input<string>) =>
      new aws.appautoscaling.Policy(
        `${args.prefix}-api-scale-${name}`,
        {
          policyType: "TargetTrackingScaling",
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            targetValue,
            predefinedMetricSpecification: { predefinedMetricType: metric, resourceLabel },
            scaleInCooldown: 300,
            scaleOutCooldown: 60,
          },
        },
        child,
      );
    policy("cpu", "ECSServiceAverageCPUUtilization", args.settings.cpuTargetPercent);
    policy(
      "requests",
      "ALBRequestCountPerTarget",
      args.settings.requestsPerTargetPerMinute,
      args.requestCountResourceLabel,
    );
  }
}
