// The task definition's containers and volumes, and the two roles' policies, as data.
import { policyDocument } from "../iam-documents.js";
import {
  apiContainerName,
  appDatabaseUser,
  apiEnvironment,
  apiSecrets,
  appPort,
  appUser,
  collectorConfig,
  collectorContainerName,
  metricsPort,
  type ApiRuntimeInput,
  type CollectorInput,
} from "./container-plan.js";

export interface TaskPlanInput extends ApiRuntimeInput, CollectorInput {
  readonly imageRef: string;
  readonly collectorImage: string;
  readonly logGroupName: string;
  readonly stopTimeoutSeconds: number;
  /** How long start-up may take (migrations under their advisory lock) before liveness failures count. */
  readonly startupSeconds: number;
  readonly ecsExec: boolean;
}

/** ECS caps a container health check's start period at 300 s. */
export const maxStartPeriodSeconds = 300;

type NameValue = { name: string; value: string };

const volumeName = (path: string) => path.replace(/^\//, "").replace(/\//g, "-");

/** Fargate task volumes: every writable path is its own scratch volume. */
export function taskVolumes(): { name: string }[] {
  return ["/tmp", "/collector-tmp"].map((path) => ({ name: volumeName(path) }));
}

/**
 * Decision 0023: AWS documents ECS Exec as unsupported with a read-only root filesystem (its SSM agent creates
 * files and directories in the container), and recommends an init process for the sessions it starts. So, only
 * while ECS Exec is on, the API container's root is writable and ECS runs an init process; the sidecar stays
 * read-only (nobody execs into it). The policy `read-only-root-filesystem` allows exactly this exception.
 */
export function apiExecSettings(ecsExec: boolean): {
  readonlyRootFilesystem: boolean;
  linuxParameters: { capabilities: { drop: string[] }; initProcessEnabled?: true };
} {
  return {
    readonlyRootFilesystem: !ecsExec,
    linuxParameters: { capabilities: { drop: ["ALL"] }, ...(ecsExec ? { initProcessEnabled: true as const } : {}) },
  };
}

export function containerDefinitions(input: TaskPlanInput): Record<string, unknown>[] {
  const logs = (prefix: string) => ({
    logDriver: "awslogs",
    options: { "awslogs-group": input.logGroupName, "awslogs-region": input.region, "awslogs-stream-prefix": prefix },
  });
  const toList = (record: Record<string, string>, key: "value" | "valueFrom") =>
    Object.entries(record)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, [key]: value }) as NameValue);
  const exec = apiExecSettings(input.ecsExec);
  const api = {
    name: apiContainerName,
    image: input.imageRef,
    essential: true,
    user: appUser,
    readonlyRootFilesystem: exec.readonlyRootFilesystem,
    privileged: false,
    linuxParameters: exec.linuxParameters,
    portMappings: [
      { name: "api", containerPort: appPort, protocol: "tcp" },
      { name: "metrics", containerPort: metricsPort, protocol: "tcp" },
    ],
    environment: toList(apiEnvironment(input), "value"),
    secrets: toList(apiSecrets(input), "valueFrom"),
    mountPoints: [{ sourceVolume: volumeName("/tmp"), containerPath: "/tmp", readOnly: false }],
    stopTimeout: input.stopTimeoutSeconds,
    // Liveness only (as the image's HEALTHCHECK): readiness is the load balancer's /ready check. The server
    // listens only after migrations, so failures count only after the start-up allowance.
    healthCheck: {
      command: [
        "CMD",
        "node",
        "-e",
        `fetch('http://127.0.0.1:${appPort}/live',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
      ],
      interval: 15,
      timeout: 5,
      retries: 3,
      startPeriod: Math.min(input.startupSeconds, maxStartPeriodSeconds),
    },
    logConfiguration: logs("api"),
  };
  const collector = {
    name: collectorContainerName,
    image: input.collectorImage,
    // Losing metrics must not take the API down with it.
    essential: false,
    readonlyRootFilesystem: true,
    privileged: false,
    linuxParameters: { capabilities: { drop: ["ALL"] } },
    environment: [{ name: "AOT_CONFIG_CONTENT", value: collectorConfig(input) }],
    mountPoints: [{ sourceVolume: volumeName("/collector-tmp"), containerPath: "/tmp", readOnly: false }],
    stopTimeout: input.stopTimeoutSeconds,
    logConfiguration: logs("adot"),
  };
  return [api, collector];
}

export function executionRolePolicy(input: {
  repositoryArn: string;
  logGroupArn: string;
  secretArns: readonly string[];
  kmsKeyArn: string;
  region: string;
}): string {
  return policyDocument(
    // GetAuthorizationToken has no resource-level permissions: "*" is the only valid resource.
    { Sid: "EcrToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    {
      Sid: "EcrPull",
      Effect: "Allow",
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      Resource: input.repositoryArn,
    },
    {
      Sid: "Logs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${input.logGroupArn}:*`,
    },
    {
      Sid: "InjectedSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: [...input.secretArns],
    },
    {
      Sid: "DecryptInjectedSecrets",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: input.kmsKeyArn,
      Condition: {
        StringEquals: {
          "kms:ViaService": [`secretsmanager.${input.region}.amazonaws.com`, `ecr.${input.region}.amazonaws.com`],
        },
      },
    },
  );
}

/**
 * The ARN `rds-db:connect` takes: one database user on one instance, named by the instance's DbiResourceId
 * (`arn:aws:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<user>`).
 */
export function databaseUserArn(input: {
  region: string;
  accountId: string;
  resourceId: string;
  user: string;
}): string {
  return `arn:aws:rds-db:${input.region}:${input.accountId}:dbuser:${input.resourceId}/${input.user}`;
}

export function taskRolePolicy(input: {
  databaseSecretArn: string;
  databaseResourceIds: readonly string[];
  accountId: string;
  kmsKeyArn: string;
  workspaceArn: string;
  region: string;
  ecsExec: boolean;
}): string {
  return policyDocument(
    {
      // The app's own role, on each instance, and no other database user.
      Sid: "DatabaseConnectAsApp",
      Effect: "Allow",
      Action: "rds-db:connect",
      Resource: input.databaseResourceIds.map((resourceId) =>
        databaseUserArn({ region: input.region, accountId: input.accountId, resourceId, user: appDatabaseUser }),
      ),
    },
    {
      // The owner's password, for the migration step at start (decision 0091).
      Sid: "MigrationOwnerPassword",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: input.databaseSecretArn,
    },
    {
      Sid: "DecryptMigrationOwnerPassword",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: input.kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${input.region}.amazonaws.com` } },
    },
    { Sid: "PrometheusRemoteWrite", Effect: "Allow", Action: "aps:RemoteWrite", Resource: input.workspaceArn },
    ...(input.ecsExec
      ? [
          {
            Sid: "EcsExec",
            Effect: "Allow" as const,
            Action: [
              "ssmmessages:CreateControlChannel",
              "ssmmessages:CreateDataChannel",
              "ssmmessages:OpenControlChannel",
              "ssmmessages:OpenDataChannel",
            ],
            Resource: "*",
          },
        ]
      : []),
  );
}
