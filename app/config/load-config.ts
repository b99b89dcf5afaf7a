// The only module that reads process.env (lint enforces it). Validates everything at once and reports one line
// per problem, naming the variable and never its value.
import { readFileSync } from "node:fs";
import { buildAppConfig, type AppConfig } from "./app-config.js";
import {
  environmentSchema,
  fileFormOf,
  settings,
  type Environment,
  type Setting,
  type SettingName,
} from "./config-schema.js";

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
  return deepFreeze(buildAppConfig(parsed.data, nonEmpty(env.DATABASE_PASSWORD_FILE)));
}

function collectRawSettings(env: Env, problems: string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [name, setting] of Object.entries(settings) as [SettingName, Setting][]) {
    const value = nonEmpty(env[name]);
    const fileForm = fileFormOf(name);
    const file = fileForm ? nonEmpty(env[fileForm]) : undefined;
    if (value !== undefined && file !== undefined) {
      problems.push(`${name}: set either ${name} or ${fileForm}, not both`);
      continue;
    }
    const resolved = file !== undefined && fileForm ? readSecretFile(fileForm, file, problems) : value;
    const chosen = resolved ?? setting.default;
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
  problems.push(...iamProblems(settings, env), ...migrationProblems(settings));
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

/** IAM authentication means no password for the app anywhere, and RDS accepts IAM tokens over TLS only. */
function iamProblems(settings: Environment, env: Env): string[] {
  if (settings.DATABASE_AUTH !== "iam") return [];
  const problems: string[] = [];
  if (!settings.DATABASE_HOST && !settings.DATABASE_URL) problems.push("DATABASE_AUTH: iam needs DATABASE_HOST");
  const password =
    settings.DATABASE_PASSWORD ??
    nonEmpty(env.DATABASE_PASSWORD_FILE) ??
    settings.DATABASE_PASSWORD_SECRET_ARN ??
    (settings.DATABASE_URL ? nonEmpty(new URL(settings.DATABASE_URL).password) : undefined);
  if (password !== undefined)
    problems.push(
      "DATABASE_AUTH: iam takes no password (unset DATABASE_PASSWORD, its _FILE, _SECRET_ARN and the URL's)",
    );
  if (settings.DATABASE_SSL === "disable") problems.push("DATABASE_SSL: iam authentication needs TLS (verify-full)");
  if (settings.MIGRATE_ON_START && !settings.DATABASE_MIGRATION_USER)
    problems.push(
      "DATABASE_MIGRATION_USER: required with DATABASE_AUTH=iam and MIGRATE_ON_START=true (the app role cannot migrate)",
    );
  return problems;
}

function migrationProblems(settings: Environment): string[] {
  const problems: string[] = [];
  const hasPassword = settings.DATABASE_MIGRATION_PASSWORD !== undefined;
  const hasSecret = settings.DATABASE_MIGRATION_PASSWORD_SECRET_ARN !== undefined;
  if (hasPassword && hasSecret)
    problems.push(
      "DATABASE_MIGRATION_PASSWORD_SECRET_ARN: set either DATABASE_MIGRATION_PASSWORD(_FILE) or DATABASE_MIGRATION_PASSWORD_SECRET_ARN, not both",
    );
  if ((hasPassword || hasSecret) && !settings.DATABASE_MIGRATION_USER)
    problems.push("DATABASE_MIGRATION_USER: required when a migration password is set");
  return problems;
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
