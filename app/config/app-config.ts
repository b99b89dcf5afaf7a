// The typed configuration the rest of the app receives, built from the validated settings (config-schema.ts) by
// load-config.ts. Its types are derived from the settings' schemas and from the builder below, never copied: a
// new setting or a narrower value reaches every reader through the type checker.
import { randomBytes } from "node:crypto";
import type { Environment } from "./config-schema.js";

export type PasswordSource =
  | { kind: "none" }
  | { kind: "static"; value: string }
  /** Re-read for every new connection, so a rotated file is used without a restart. */
  | { kind: "file"; path: string }
  /** Fetched from AWS Secrets Manager per new connection, with a short cache. */
  | { kind: "secrets-manager"; secretArn: string }
  /** An RDS IAM authentication token, signed for every new connection with the task's credentials. */
  | { kind: "iam" };

/** The owner's credentials, used by the migration step only; the pools never see them. */
export interface MigrationCredentials {
  user: string;
  password: PasswordSource;
}

export interface DatabaseEndpoint {
  host: string;
  port: number;
}

type PoolSettings = ReturnType<typeof poolSettings>;

export type DatabaseConfig =
  | ({ kind: "embedded"; dataDir: string } & PoolSettings)
  | ({
      kind: "external";
      primary: DatabaseEndpoint;
      replicas: DatabaseEndpoint[];
      database: string;
      user: string;
      password: PasswordSource;
      /** Absent: migrations connect with the app's own user and password (local development). */
      migration?: MigrationCredentials;
      ssl: Environment["DATABASE_SSL"];
      sslCaFile?: string;
    } & PoolSettings);

export type StoreDownPolicy = Environment["RATE_LIMIT_STORE_DOWN_POLICY"];

export type AppConfig = ReturnType<typeof buildAppConfig>;

/** `passwordFile`: DATABASE_PASSWORD_FILE, kept as a path so the password is re-read per connection. */
export function buildAppConfig(settings: Environment, passwordFile: string | undefined) {
  return {
    env: settings.NODE_ENV,
    log: { level: settings.LOG_LEVEL },
    http: {
      host: settings.HOST,
      port: settings.PORT,
      metricsPort: settings.METRICS_PORT,
      bodyLimitBytes: settings.BODY_LIMIT_BYTES,
      corsOrigins: settings.CORS_ORIGINS,
      trustProxy: settings.TRUST_PROXY,
      keepAliveTimeoutMs: settings.KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
      requestTimeoutMs: settings.REQUEST_TIMEOUT_SECONDS * 1000,
    },
    database: databaseConfig(settings, passwordFile),
    ...(settings.REDIS_URL ? { redis: redisConfig(settings, settings.REDIS_URL) } : {}),
    rateLimit: {
      points: settings.RATE_LIMIT_POINTS,
      windowSeconds: settings.RATE_LIMIT_WINDOW_SECONDS,
      storeDownPolicy: settings.RATE_LIMIT_STORE_DOWN_POLICY,
      commandTimeoutMs: settings.REDIS_COMMAND_TIMEOUT_MS,
      signupPerAddress: settings.SIGNUP_LIMIT_PER_ADDRESS,
      loginPerAddress: settings.LOGIN_LIMIT_PER_ADDRESS,
      loginPerAccount: settings.LOGIN_LIMIT_PER_ACCOUNT,
    },
    auth: {
      jwtSecret: settings.JWT_SECRET ?? randomBytes(32).toString("base64url"),
      /** True when no JWT_SECRET was given outside production: tokens die with the process. */
      jwtSecretGenerated: settings.JWT_SECRET === undefined,
      ...(settings.JWT_SECRET_PREVIOUS ? { jwtSecretPrevious: settings.JWT_SECRET_PREVIOUS } : {}),
      issuer: settings.JWT_ISSUER,
      audience: settings.JWT_AUDIENCE,
      accessTokenTtlSeconds: settings.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: settings.REFRESH_TOKEN_TTL_DAYS,
      refreshTokenReuseGraceSeconds: settings.REFRESH_TOKEN_REUSE_GRACE_SECONDS,
    },
    shutdown: {
      drainMs: settings.SHUTDOWN_DRAIN_SECONDS * 1000,
      requestTimeoutMs: settings.REQUEST_TIMEOUT_SECONDS * 1000,
    },
  };
}

function redisConfig(
  settings: Environment,
  url: string,
): { url: string; authToken?: string; keyPrefix: string; commandTimeoutMs: number } {
  return {
    url,
    keyPrefix: settings.REDIS_KEY_PREFIX,
    ...(settings.REDIS_AUTH_TOKEN ? { authToken: settings.REDIS_AUTH_TOKEN } : {}),
    commandTimeoutMs: settings.REDIS_COMMAND_TIMEOUT_MS,
  };
}

function poolSettings(settings: Environment) {
  return {
    poolMax: settings.DATABASE_POOL_MAX,
    connectTimeoutMs: settings.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: settings.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: settings.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    maxLifetimeSeconds: settings.DATABASE_MAX_LIFETIME_SECONDS,
    replicaRetryMs: settings.DATABASE_REPLICA_RETRY_SECONDS * 1000,
    migrateOnStart: settings.MIGRATE_ON_START,
  };
}

function databaseConfig(settings: Environment, passwordFile: string | undefined): DatabaseConfig {
  const pool = poolSettings(settings);
  if (!settings.DATABASE_URL && !settings.DATABASE_HOST) {
    return { kind: "embedded", dataDir: settings.EMBEDDED_DATABASE_DIR, ...pool };
  }
  const url = settings.DATABASE_URL ? new URL(settings.DATABASE_URL) : undefined;
  const primary: DatabaseEndpoint = url
    ? { host: url.hostname, port: Number(url.port || 5432) }
    : { host: settings.DATABASE_HOST ?? "", port: settings.DATABASE_PORT };
  return {
    kind: "external",
    primary,
    replicas: settings.DATABASE_REPLICA_HOSTS.map((entry) => parseEndpoint(entry, settings.DATABASE_PORT)),
    database: url ? decodeURIComponent(url.pathname.slice(1)) || settings.DATABASE_NAME : settings.DATABASE_NAME,
    user: url?.username ? decodeURIComponent(url.username) : settings.DATABASE_USER,
    password: settings.DATABASE_AUTH === "iam" ? { kind: "iam" } : passwordSource(settings, passwordFile, url),
    ...(settings.DATABASE_MIGRATION_USER
      ? { migration: { user: settings.DATABASE_MIGRATION_USER, password: migrationPasswordSource(settings) } }
      : {}),
    ssl: settings.DATABASE_SSL,
    ...(settings.DATABASE_SSL_CA_FILE ? { sslCaFile: settings.DATABASE_SSL_CA_FILE } : {}),
    ...pool,
  };
}

function passwordSource(settings: Environment, passwordFile: string | undefined, url: URL | undefined): PasswordSource {
  if (passwordFile) return { kind: "file", path: passwordFile };
  if (settings.DATABASE_PASSWORD) return { kind: "static", value: settings.DATABASE_PASSWORD };
  if (settings.DATABASE_PASSWORD_SECRET_ARN)
    return { kind: "secrets-manager", secretArn: settings.DATABASE_PASSWORD_SECRET_ARN };
  if (url?.password) return { kind: "static", value: decodeURIComponent(url.password) };
  return { kind: "none" };
}

function migrationPasswordSource(settings: Environment): PasswordSource {
  if (settings.DATABASE_MIGRATION_PASSWORD) return { kind: "static", value: settings.DATABASE_MIGRATION_PASSWORD };
  if (settings.DATABASE_MIGRATION_PASSWORD_SECRET_ARN)
    return { kind: "secrets-manager", secretArn: settings.DATABASE_MIGRATION_PASSWORD_SECRET_ARN };
  return { kind: "none" };
}

function parseEndpoint(entry: string, defaultPort: number): DatabaseEndpoint {
  const [host = entry, port] = entry.split(":");
  return { host, port: port ? Number(port) : defaultPort };
}
