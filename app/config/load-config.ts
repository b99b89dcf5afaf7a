// The only module that reads process.env (lint enforces it). Validates everything at once and reports one line
// per problem, naming the variable and never its value.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { AppConfig, DatabaseConfig, DatabaseEndpoint, PasswordSource } from "./app-config.js";
import { configSettings, environmentSchema, type Environment, type SettingName } from "./config-schema.js";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

/** For entry points: print one line per problem on stderr and exit 1. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const raw = collectRawSettings(env, problems);
  const parsed = environmentSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join(".")}: ${issue.message}`);
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  problems.push(...crossFieldProblems(parsed.data, env));
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(buildConfig(parsed.data, env));
}

function collectRawSettings(env: Env, problems: string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [name, doc] of Object.entries(configSettings) as [SettingName, (typeof configSettings)[SettingName]][]) {
    const value = nonEmpty(env[name]);
    const file = doc.fileForm ? nonEmpty(env[`${name}_FILE`]) : undefined;
    if (value !== undefined && file !== undefined) {
      problems.push(`${name}: set either ${name} or ${name}_FILE, not both`);
      continue;
    }
    const resolved = file !== undefined ? readSecretFile(`${name}_FILE`, file, problems) : value;
    const fallback = "default" in doc ? doc.default : undefined;
    const chosen = resolved ?? fallback;
    if (chosen !== undefined) raw[name] = chosen;
  }
  return raw;
}

function readSecretFile(variable: string, path: string, problems: string[]): string | undefined {
  try {
    const content = readFileSync(path, "utf8").replace(/\r?\n$/, "");
    if (content.length > 0) return content;
    problems.push(`${variable}: the file ${path} is empty`);
    return undefined;
  } catch (error) {
    problems.push(`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "unreadable"})`);
    return undefined;
  }
}

function crossFieldProblems(settings: Environment, env: Env): string[] {
  const problems: string[] = [];
  const external = settings.DATABASE_URL !== undefined || settings.DATABASE_HOST !== undefined;
  if (settings.DATABASE_URL && settings.DATABASE_HOST) {
    problems.push("DATABASE_HOST: set either DATABASE_URL or DATABASE_HOST, not both");
  }
  const passwordSources = [settings.DATABASE_PASSWORD, settings.DATABASE_PASSWORD_SECRET_ARN].filter(Boolean);
  if (passwordSources.length > 1) {
    problems.push(
      "DATABASE_PASSWORD_SECRET_ARN: set either DATABASE_PASSWORD(_FILE) or DATABASE_PASSWORD_SECRET_ARN, not both",
    );
  }
  if (settings.DATABASE_SSL === "verify-full" && !settings.DATABASE_SSL_CA_FILE) {
    problems.push("DATABASE_SSL_CA_FILE: required when DATABASE_SSL=verify-full");
  }
  if (settings.NODE_ENV === "production") {
    if (!external)
      problems.push(
        "DATABASE_URL: required in production (or DATABASE_HOST); the embedded database is for development",
      );
    if (!settings.JWT_SECRET) problems.push("JWT_SECRET: required in production");
  }
  if (settings.REDIS_AUTH_TOKEN && !settings.REDIS_URL) problems.push("REDIS_AUTH_TOKEN: set without REDIS_URL");
  if (nonEmpty(env.DATABASE_PASSWORD_FILE) && !external)
    problems.push("DATABASE_PASSWORD_FILE: set without DATABASE_URL or DATABASE_HOST");
  return problems;
}

function buildConfig(settings: Environment, env: Env): AppConfig {
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
    database: buildDatabaseConfig(settings, env),
    ...(settings.REDIS_URL
      ? {
          redis: {
            url: settings.REDIS_URL,
            ...(settings.REDIS_AUTH_TOKEN ? { authToken: settings.REDIS_AUTH_TOKEN } : {}),
            commandTimeoutMs: settings.REDIS_COMMAND_TIMEOUT_MS,
          },
        }
      : {}),
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
      jwtSecretGenerated: settings.JWT_SECRET === undefined,
      ...(settings.JWT_SECRET_PREVIOUS ? { jwtSecretPrevious: settings.JWT_SECRET_PREVIOUS } : {}),
      issuer: settings.JWT_ISSUER,
      audience: settings.JWT_AUDIENCE,
      accessTokenTtlSeconds: settings.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: settings.REFRESH_TOKEN_TTL_DAYS,
    },
    shutdown: {
      drainMs: settings.SHUTDOWN_DRAIN_SECONDS * 1000,
      requestTimeoutMs: settings.REQUEST_TIMEOUT_SECONDS * 1000,
    },
  };
}

function buildDatabaseConfig(settings: Environment, env: Env): DatabaseConfig {
  const pool = {
    poolMax: settings.DATABASE_POOL_MAX,
    connectTimeoutMs: settings.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: settings.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: settings.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    maxLifetimeSeconds: settings.DATABASE_MAX_LIFETIME_SECONDS,
    replicaRetryMs: settings.DATABASE_REPLICA_RETRY_SECONDS * 1000,
    migrateOnStart: settings.MIGRATE_ON_START,
  };
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
    password: passwordSource(settings, env, url),
    ssl: settings.DATABASE_SSL,
    ...(settings.DATABASE_SSL_CA_FILE ? { sslCaFile: settings.DATABASE_SSL_CA_FILE } : {}),
    ...pool,
  };
}

function passwordSource(settings: Environment, env: Env, url: URL | undefined): PasswordSource {
  const file = nonEmpty(env.DATABASE_PASSWORD_FILE);
  if (file) return { kind: "file", path: file };
  if (settings.DATABASE_PASSWORD) return { kind: "static", value: settings.DATABASE_PASSWORD };
  if (settings.DATABASE_PASSWORD_SECRET_ARN)
    return { kind: "secrets-manager", secretArn: settings.DATABASE_PASSWORD_SECRET_ARN };
  if (url?.password) return { kind: "static", value: decodeURIComponent(url.password) };
  return { kind: "none" };
}

function parseEndpoint(entry: string, defaultPort: number): DatabaseEndpoint {
  const [host = entry, port] = entry.split(":");
  return { host, port: port ? Number(port) : defaultPort };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
