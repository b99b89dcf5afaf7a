// The task's containers as data: the API (non-root, read-only root filesystem, settings from config, secrets
// from Secrets Manager) and the ADOT collector sidecar that scrapes the API's metrics port and remote-writes to
// Amazon Managed Prometheus. Pure, so the contract tests read exactly what ECS receives.
import { stringify } from "yaml";
import { appRequestTimeoutSeconds, appShutdownDrainSeconds } from "./task-sizing.js";

export const apiContainerName = "api";
export const collectorContainerName = "adot-collector";
export const appPort = 3000;
export const metricsPort = 9464;
/** Above the load balancer's 60 s idle timeout, so the balancer closes idle connections first. */
export const appKeepAliveSeconds = 65;
/**
 * Where the image carries the RDS CA bundle: written by `npm run build` (scripts/write-rds-ca-bundle.mjs, from a
 * package pinned with its integrity in the lock file) into dist/, which the Dockerfile copies to /app/dist.
 */
export const rdsCaBundlePath = "/app/dist/certs/rds-global-bundle.pem";
/**
 * The app's own login role, made by app/migrations/20261130000000000_app-login-role.sql (with rds_iam on RDS):
 * no password, IAM tokens only. The master user is for the migration step.
 */
export const appDatabaseUser = "rusty_api";
/** The image's `node` user (Dockerfile `USER 1000:1000`). */
export const appUser = "1000:1000";

export interface ApiRuntimeInput {
  readonly logLevel: string;
  readonly corsOrigins: readonly string[];
  readonly databaseHost: string;
  readonly databasePort: number;
  readonly databaseName: string;
  /** The master user (the schema's owner), for the migration step only; fixed in the program, not read from the secret. */
  readonly databaseMigrationUser: string;
  readonly databaseReplicaHosts: readonly string[];
  /** The RDS-managed master secret: the migration step's password, fetched by the app at start (task role). */
  readonly databaseSecretArn: string;
  /** DbiResourceId of every instance (primary, replicas): the task may `rds-db:connect` as the app user to each. */
  readonly databaseResourceIds: readonly string[];
  readonly redisHost: string;
  readonly redisPort: number;
  readonly jwtSecretArn: string;
  /** Empty outside a signing-key rotation. */
  readonly jwtSecretPreviousArn: string;
  readonly redisAuthTokenSecretArn: string;
}

/**
 * The settings the API gets whatever hosts it, ECS or the docker target (infra/docker-target/api-plan.ts): ports,
 * the app's own database role, proxy trust, shutdown timings and decision 0020's migration gate.
 */
export function hostIndependentApiEnvironment(input: {
  readonly logLevel: string;
  readonly corsOrigins: readonly string[];
}): Record<string, string> {
  return {
    NODE_ENV: "production",
    HOST: "0.0.0.0",
    PORT: String(appPort),
    METRICS_PORT: String(metricsPort),
    LOG_LEVEL: input.logLevel,
    // The app's own role, never the owner (decision 0091); only the migration step logs in as the owner.
    DATABASE_USER: appDatabaseUser,
    CORS_ORIGINS: input.corsOrigins.join(","),
    TRUST_PROXY: "true",
    SHUTDOWN_DRAIN_SECONDS: String(appShutdownDrainSeconds),
    REQUEST_TIMEOUT_SECONDS: String(appRequestTimeoutSeconds),
    KEEP_ALIVE_TIMEOUT_SECONDS: String(appKeepAliveSeconds),
    // The server listens (and /ready passes) only after migrations, applied under their lock (decision 0020).
    MIGRATE_ON_START: "true",
  };
}

/** Plain settings of the API, named as app/config/config-schema.ts names them. */
export function apiEnvironment(input: ApiRuntimeInput): Record<string, string> {
  return {
    ...hostIndependentApiEnvironment(input),
    DATABASE_HOST: input.databaseHost,
    DATABASE_PORT: String(input.databasePort),
    DATABASE_NAME: input.databaseName,
    // The app's role logs in with an IAM token signed per new connection by the task role (decision 0092): no
    // password for it exists anywhere.
    DATABASE_AUTH: "iam",
    // Migrations (at start, under their lock; decision 0020) run as the owner. Plain name: injecting it from the
    // RDS secret would let the execution role read that secret, password included. The password is fetched from
    // the secret by the app for the migration only.
    DATABASE_MIGRATION_USER: input.databaseMigrationUser,
    DATABASE_MIGRATION_PASSWORD_SECRET_ARN: input.databaseSecretArn,
    DATABASE_REPLICA_HOSTS: input.databaseReplicaHosts.join(","),
    // The server's certificate is verified against the RDS CA bundle the image carries (decision 0093).
    DATABASE_SSL: "verify-full",
    DATABASE_SSL_CA_FILE: rdsCaBundlePath,
    REDIS_URL: `rediss://${input.redisHost}:${input.redisPort}`,
  };
}

/**
 * Secrets ECS injects at task start (name → Secrets Manager reference). The RDS master secret is not among them:
 * only the task role reads it, for the migration step's password.
 */
export function apiSecrets(
  input: Pick<ApiRuntimeInput, "jwtSecretArn" | "jwtSecretPreviousArn" | "redisAuthTokenSecretArn">,
): Record<string, string> {
  return {
    JWT_SECRET: input.jwtSecretArn,
    // Only during a signing-key rotation (stack setting jwtSecretPreviousArn).
    ...(input.jwtSecretPreviousArn ? { JWT_SECRET_PREVIOUS: input.jwtSecretPreviousArn } : {}),
    REDIS_AUTH_TOKEN: input.redisAuthTokenSecretArn,
  };
}

/**
 * The secrets the execution role may read: exactly the ones referenced above. A reference is the secret's ARN
 * (`arn:aws:secretsmanager:<region>:<account>:secret:<name>`, 7 fields) optionally followed by
 * `:<json-key>:<stage>:<version>`; the policy needs the ARN alone.
 */
export function injectedSecretArns(secrets: Record<string, string>): string[] {
  return [...new Set(Object.values(secrets).map((reference) => reference.split(":").slice(0, 7).join(":")))].sort();
}

export interface CollectorInput {
  readonly region: string;
  readonly remoteWriteUrl: string;
  readonly environment: string;
  readonly serviceName: string;
}

/**
 * Scrapes the API's metrics port on localhost and remote-writes with SigV4. The ECS resource detector's task
 * attributes become labels (aws_ecs_task_arn…), so series from different tasks never collide in AMP.
 */
export function collectorConfig(input: CollectorInput): string {
  return stringify({
    extensions: { sigv4auth: { region: input.region, service: "aps" }, health_check: { endpoint: "127.0.0.1:13133" } },
    receivers: {
      prometheus: {
        config: {
          global: { scrape_interval: "30s", scrape_timeout: "10s" },
          scrape_configs: [
            { job_name: input.serviceName, static_configs: [{ targets: [`127.0.0.1:${metricsPort}`] }] },
          ],
        },
      },
    },
    processors: {
      resourcedetection: { detectors: ["env", "ecs"], timeout: "5s", override: false },
      batch: { timeout: "30s" },
    },
    exporters: {
      prometheusremotewrite: {
        endpoint: input.remoteWriteUrl,
        auth: { authenticator: "sigv4auth" },
        resource_to_telemetry_conversion: { enabled: true },
        external_labels: { environment: input.environment, service: input.serviceName },
      },
    },
    service: {
      extensions: ["sigv4auth", "health_check"],
      pipelines: {
        metrics: {
          receivers: ["prometheus"],
          processors: ["resourcedetection", "batch"],
          exporters: ["prometheusremotewrite"],
        },
      },
    },
  });
}
