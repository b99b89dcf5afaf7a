// The API service's stack settings, declared once (see config-settings.ts for how declarations become config,
// checks and the README table).
import { boolean, choice, integer, numberIn, text, textList, type SettingKind } from "../config-kinds.js";
import { group } from "../config-schema.js";
import {
  appRequestTimeoutSeconds,
  appShutdownDrainSeconds,
  fargateCpuChoices,
  fargateSizeProblem,
  maxStopTimeoutSeconds,
  minStartupSeconds,
  shutdownBudgetProblem,
} from "./task-sizing.js";

const secretArn = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

/** `none` (parsed as an empty string), or a Secrets Manager secret ARN. */
const optionalSecretArn: SettingKind<string> = {
  allowed: "`none`, or a Secrets Manager secret ARN encrypted with the stack's key",
  parse: (value) =>
    value === "none"
      ? { value: "" }
      : secretArn.test(value)
        ? { value }
        : { problems: [`"${value}" must be none or a Secrets Manager secret ARN`] },
};

export const serviceSettings = group(
  {
    cpu: { key: "taskCpu", description: "Fargate task CPU units", kind: numberIn(fargateCpuChoices) },
    memoryMiB: { key: "taskMemoryMiB", description: "Fargate task memory in MiB", kind: integer(512, 30720) },
    architecture: {
      key: "cpuArchitecture",
      description: "CPU architecture of the tasks (ARM64 is Graviton, cheaper); the image is built for it",
      kind: choice(["ARM64", "X86_64"]),
    },
    minTasks: {
      key: "minTasks",
      description: "Fewest running API tasks: the autoscaling floor, and the desired count at creation",
      kind: integer(1, 100),
    },
    maxTasks: {
      key: "maxTasks",
      description: "Most running API tasks: the autoscaling ceiling",
      kind: integer(1, 100),
    },
    cpuTargetPercent: {
      key: "cpuTargetPercent",
      description: "Average service CPU the CPU scaling policy keeps the tasks at, in percent",
      kind: integer(10, 90),
      default: "60",
    },
    requestsPerTargetPerMinute: {
      key: "requestsPerTargetPerMinute",
      description: "Load balancer requests per task per minute the request-count scaling policy aims for",
      kind: integer(1, 1_000_000),
      default: "3000",
    },
    deregistrationDelaySeconds: {
      key: "deregistrationDelaySeconds",
      description: "Target group deregistration delay: how long a stopping task keeps its connections",
      kind: integer(0, 3600),
    },
    stopTimeoutSeconds: {
      key: "stopTimeoutSeconds",
      description: "Seconds between SIGTERM and SIGKILL",
      kind: integer(2, maxStopTimeoutSeconds),
    },
    healthCheckGracePeriodSeconds: {
      key: "healthCheckGracePeriodSeconds",
      description: "Start-up allowance: ECS ignores load balancer and liveness failures while migrations run at start",
      kind: integer(minStartupSeconds, 300),
      default: "180",
    },
    ecsExec: {
      key: "ecsExec",
      description:
        "Allow `aws ecs execute-command` into tasks; also makes the API container's root writable, with an init process (AWS does not support ECS Exec on a read-only root; decision 0023)",
      kind: boolean,
    },
    deploymentAlarms: {
      key: "deploymentAlarms",
      description: "Roll a deployment back when the 5xx-ratio or p99-latency alarm fires during it",
      kind: boolean,
    },
    logLevel: {
      key: "logLevel",
      description: "`LOG_LEVEL` of the API",
      kind: choice(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
      default: "info",
    },
    corsOrigins: {
      key: "corsOrigins",
      description: "Origins the API allows by CORS",
      kind: textList({
        allowed: "full origins such as `https://app.example.com`",
        item: /^https?:\/\/[a-z0-9.-]+(:\d+)?$/,
        hint: "must be full origins such as https://app.example.com",
      }),
      default: "[]",
    },
    jwtSecretPreviousArn: {
      key: "jwtSecretPreviousArn",
      description:
        "Secret injected as `JWT_SECRET_PREVIOUS` (still accepted, never signing) during a signing-key rotation; `none` outside one (runbooks/procedures/rotate-jwt-key.md)",
      kind: optionalSecretArn,
      default: "none",
    },
    adotCollectorImage: {
      key: "adotCollectorImage",
      description: "ADOT collector image of the metrics sidecar",
      kind: text({
        allowed: "an image pinned by tag or digest",
        pattern: /^[a-z0-9./-]+(:[A-Za-z0-9._-]+|@sha256:[a-f0-9]{64})$/,
        hint: "must be an image pinned by tag or digest",
      }),
      default: "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3",
    },
  },
  (rule, key) => [
    rule({
      field: "memoryMiB",
      allowed: `a Fargate size for \`${key("cpu")}\``,
      uses: ["cpu", "memoryMiB"],
      check: ({ cpu, memoryMiB }) => fargateSizeProblem(cpu, memoryMiB),
    }),
    rule({
      field: "maxTasks",
      allowed: `at least \`${key("minTasks")}\``,
      uses: ["minTasks", "maxTasks"],
      check: ({ minTasks, maxTasks }) =>
        maxTasks < minTasks ? `${maxTasks} is below ${key("minTasks")} (${minTasks})` : undefined,
    }),
    rule({
      field: "stopTimeoutSeconds",
      allowed: `at least \`${key("deregistrationDelaySeconds")}\` + ${appShutdownDrainSeconds + appRequestTimeoutSeconds} s (the app's drain ${appShutdownDrainSeconds} s and longest request ${appRequestTimeoutSeconds} s)`,
      uses: ["deregistrationDelaySeconds", "stopTimeoutSeconds"],
      check: ({ deregistrationDelaySeconds, stopTimeoutSeconds }) =>
        shutdownBudgetProblem(deregistrationDelaySeconds, stopTimeoutSeconds),
    }),
  ],
);
