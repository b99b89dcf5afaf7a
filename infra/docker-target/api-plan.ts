// The API and migrations containers' settings on the docker target: the ECS task's contract (container-plan.ts,
// the same variables and values wherever the two hosts agree) with the secrets as `_FILE` paths instead of
// Secrets Manager references and plain connections inside the private network; what does not depend on the host
// (ports, the app's role, shutdown timings, the migration gate) is ECS's own hostIndependentApiEnvironment. Pure, so the contract test feeds exactly this to the app's own config loader.
import {
  appDatabaseUser,
  appPort,
  appUser,
  hostIndependentApiEnvironment,
  metricsPort,
} from "../service/container-plan.js";
import { appRequestTimeoutSeconds, appShutdownDrainSeconds, minStartupSeconds } from "../service/task-sizing.js";
import { hostNames } from "./naming.js";

export { appPort, appUser, metricsPort };

/** Where the secret files are, in the volume the migrations container receives them in (docker-program.ts). */
export const secretsDir = "/run/secrets";
export const secretFiles = {
  /** The app's own login role (rusty_api), as on ECS; the owner's password is for migrations only. */
  databasePassword: `${secretsDir}/database-password`,
  migrationPassword: `${secretsDir}/migration-password`,
  jwtSecret: `${secretsDir}/jwt-secret`,
  redisAuthToken: `${secretsDir}/redis-auth-token`,
} as const;

export const databaseName = "rusty_saas";
/** The cluster's owner (the image's POSTGRES_USER): it owns the schema and runs the migrations, as RDS's master. */
export const databaseUser = "rusty_saas";
export { appDatabaseUser };
export const valkeyPort = 6379;
export const postgresPort = 5432;

export interface DockerApiInput {
  readonly logLevel: string;
  readonly corsOrigins: readonly string[];
  readonly replicaCount: number;
}

/** Every variable of the API and migrations containers, as app/config/config-schema.ts names them. */
export function dockerApiEnvironment(input: DockerApiInput): Record<string, string> {
  return {
    ...hostIndependentApiEnvironment(input),
    DATABASE_HOST: hostNames.postgresPrimary,
    DATABASE_PORT: String(postgresPort),
    DATABASE_NAME: databaseName,
    // The app's role logs in with a password here (no IAM outside AWS); the migration step as the owner.
    DATABASE_AUTH: "password",
    DATABASE_MIGRATION_USER: databaseUser,
    DATABASE_MIGRATION_PASSWORD_FILE: secretFiles.migrationPassword,
    DATABASE_REPLICA_HOSTS: Array.from({ length: input.replicaCount }, (_, i) => hostNames.postgresReplica(i + 1)).join(
      ",",
    ),
    // Inside the host's private network only; on AWS every connection is TLS (README, "docker and AWS targets").
    DATABASE_SSL: "disable",
    // Re-read for every new connection, as the app does with any _FILE password.
    DATABASE_PASSWORD_FILE: secretFiles.databasePassword,
    REDIS_URL: `redis://${hostNames.valkey}:${valkeyPort}`,
    REDIS_AUTH_TOKEN_FILE: secretFiles.redisAuthToken,
    JWT_SECRET_FILE: secretFiles.jwtSecret,
    // MIGRATE_ON_START (shared): the one-off migrations container has applied them already, so each API container
    // finds nothing to do.
  };
}

/** `KEY=value` as the Docker API takes variables. */
export function envList(environment: Record<string, string>): string[] {
  return Object.entries(environment)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${value}`);
}

/** The image's entry point runs this; the migrations container runs the app's own migrate command instead. */
export const migrateCommand = ["node", "dist/app/platform/database/migrate-command.js"];

/** Readiness, not liveness: a container counts as started (and the proxy routes to it) once /ready passes. */
export const apiHealthcheck = {
  tests: [
    "CMD",
    "node",
    "-e",
    `fetch('http://127.0.0.1:${appPort}/ready',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
  ],
  interval: "5s",
  timeout: "5s",
  retries: 3,
  // As on ECS: the server listens only after migrations, which may wait out another container's lock.
  startPeriod: `${minStartupSeconds}s`,
  startInterval: "2s",
};

/** How often the proxy checks each API container's /ready (proxy-plan.ts): how soon a draining one leaves. */
export const proxyHealthIntervalSeconds = 2;

/**
 * Docker's grace between SIGTERM and SIGKILL: the proxy's health check sees /ready fail and stops routing (the
 * load balancer's deregistration on ECS), the app drains, then its longest request finishes.
 */
export const apiStopTimeoutSeconds =
  2 * proxyHealthIntervalSeconds + appShutdownDrainSeconds + appRequestTimeoutSeconds;
