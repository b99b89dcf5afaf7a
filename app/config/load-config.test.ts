import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileFormOf, settings, type SettingName } from "./config-schema.js";
import { ConfigError, loadConfig } from "./load-config.js";

const folder = mkdtempSync(join(tmpdir(), "rusty-config-"));
function secretFile(name: string, content: string): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected the configuration to be refused");
}

describe("loadConfig", () => {
  it("applies the documented defaults and runs embedded without a database URL", () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.http.metricsPort).toBe(9464);
    expect(config.http.bodyLimitBytes).toBe(102_400);
    expect(config.http.keepAliveTimeoutMs).toBeGreaterThan(60_000);
    expect(config.database.kind).toBe("embedded");
    expect(config.redis).toBeUndefined();
    expect(config.auth.jwtSecretGenerated).toBe(true);
  });

  it("returns a deeply frozen object", () => {
    const config = loadConfig({ CORS_ORIGINS: "https://app.example.com" });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
    expect(Object.isFrozen(config.http.corsOrigins)).toBe(true);
  });

  it("reads a secret from X_FILE and trims one trailing newline", () => {
    const config = loadConfig({ JWT_SECRET_FILE: secretFile("jwt", "s".repeat(40) + "\n") });
    expect(config.auth.jwtSecret).toBe("s".repeat(40));
  });

  it("keeps DATABASE_PASSWORD_FILE as a file source so a rotated password is re-read per connection", () => {
    const path = secretFile("db-password", "hunter2\n");
    const config = loadConfig({ DATABASE_HOST: "db.internal", DATABASE_PASSWORD_FILE: path });
    expect(config.database.kind === "external" && config.database.password).toEqual({ kind: "file", path });
  });

  it("refuses a secret given both as X and X_FILE", () => {
    expect(problemsOf({ JWT_SECRET: "x".repeat(40), JWT_SECRET_FILE: secretFile("both", "y".repeat(40)) })).toEqual([
      "JWT_SECRET: set either JWT_SECRET or JWT_SECRET_FILE, not both",
    ]);
  });

  it("names the _FILE variable when its file cannot be read", () => {
    expect(problemsOf({ DATABASE_HOST: "db", DATABASE_PASSWORD_FILE: "/nonexistent/password" })).toEqual([
      "DATABASE_PASSWORD_FILE: cannot read /nonexistent/password (ENOENT)",
    ]);
  });

  it("refuses an empty secret file", () => {
    expect(problemsOf({ REDIS_URL: "redis://r:6379", REDIS_AUTH_TOKEN_FILE: secretFile("empty", "\n") })).toEqual([
      "REDIS_AUTH_TOKEN_FILE: the file " + join(folder, "empty") + " is empty",
    ]);
  });

  it("reports every problem at once, one line per variable", () => {
    const problems = problemsOf({ PORT: "70000", LOG_LEVEL: "loud", DATABASE_SSL: "maybe", CORS_ORIGINS: "not a url" });
    expect(problems.map((problem) => problem.split(":")[0]).sort()).toEqual([
      "CORS_ORIGINS.0",
      "DATABASE_SSL",
      "LOG_LEVEL",
      "PORT",
    ]);
  });

  it("never prints a secret's value in a problem", () => {
    const secret = "short-but-secret";
    const problems = problemsOf({ JWT_SECRET: secret, DATABASE_URL: `mysql://user:${secret}@host/db` });
    expect(problems.join("\n")).not.toContain(secret);
    expect(problems.some((problem) => problem.startsWith("JWT_SECRET:"))).toBe(true);
    expect(problems.some((problem) => problem.startsWith("DATABASE_URL:"))).toBe(true);
  });

  it("demands an external database and a JWT secret in production", () => {
    expect(problemsOf({ NODE_ENV: "production" })).toEqual([
      "DATABASE_URL: required in production (or DATABASE_HOST); the embedded database is for development",
      "JWT_SECRET: required in production",
    ]);
  });

  it("refuses DATABASE_URL together with DATABASE_HOST, and verify-full without a CA bundle", () => {
    expect(problemsOf({ DATABASE_URL: "postgres://a@b/c", DATABASE_HOST: "b", DATABASE_SSL: "verify-full" })).toEqual([
      "DATABASE_HOST: set either DATABASE_URL or DATABASE_HOST, not both",
      "DATABASE_SSL_CA_FILE: required when DATABASE_SSL=verify-full",
    ]);
  });

  it("takes IAM authentication with no password anywhere, over TLS, with the owner for migrations", () => {
    const iam = {
      DATABASE_HOST: "db.internal",
      DATABASE_USER: "rusty_api",
      DATABASE_AUTH: "iam",
      DATABASE_SSL: "verify-full",
      DATABASE_SSL_CA_FILE: secretFile("ca.pem", "bundle"),
      DATABASE_MIGRATION_USER: "rusty_admin",
      DATABASE_MIGRATION_PASSWORD_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:1:secret:rds",
    };
    expect(loadConfig(iam).database).toMatchObject({
      user: "rusty_api",
      password: { kind: "iam" },
      migration: {
        user: "rusty_admin",
        password: { kind: "secrets-manager", secretArn: iam.DATABASE_MIGRATION_PASSWORD_SECRET_ARN },
      },
    });
    expect(
      problemsOf({ ...iam, DATABASE_PASSWORD: "s3cret", DATABASE_SSL: "disable", DATABASE_MIGRATION_USER: "" }),
    ).toEqual([
      "DATABASE_AUTH: iam takes no password (unset DATABASE_PASSWORD, its _FILE, _SECRET_ARN and the URL's)",
      "DATABASE_SSL: iam authentication needs TLS (verify-full)",
      "DATABASE_MIGRATION_USER: required with DATABASE_AUTH=iam and MIGRATE_ON_START=true (the app role cannot migrate)",
      "DATABASE_MIGRATION_USER: required when a migration password is set",
    ]);
  });

  it("keeps the migration's credentials apart from the app's, and uses the app's when none are given", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://rusty_api:app@db/rusty",
      DATABASE_MIGRATION_USER: "owner",
      DATABASE_MIGRATION_PASSWORD_FILE: secretFile("owner-password", "owner-secret\n"),
    });
    expect(config.database).toMatchObject({
      user: "rusty_api",
      password: { kind: "static", value: "app" },
      migration: { user: "owner", password: { kind: "static", value: "owner-secret" } },
    });
    expect(loadConfig({ DATABASE_URL: "postgres://owner:x@db/rusty" }).database).not.toHaveProperty("migration");
  });

  it("splits DATABASE_URL into parts and applies replica hosts with the primary's credentials", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://app:p%40ss@primary.internal:6432/rusty",
      DATABASE_REPLICA_HOSTS: "replica-a.internal, replica-b.internal:6433",
    });
    expect(config.database).toMatchObject({
      kind: "external",
      primary: { host: "primary.internal", port: 6432 },
      replicas: [
        { host: "replica-a.internal", port: 5432 },
        { host: "replica-b.internal", port: 6433 },
      ],
      database: "rusty",
      user: "app",
      password: { kind: "static", value: "p@ss" },
    });
  });

  it("refuses a malformed replica list", () => {
    expect(problemsOf({ DATABASE_HOST: "db", DATABASE_REPLICA_HOSTS: "ok.host,bad host:x" })[0]).toMatch(
      /^DATABASE_REPLICA_HOSTS\.1:/,
    );
  });

  it("offers a _FILE form for exactly the secrets", () => {
    const withFileForm = (Object.keys(settings) as SettingName[]).filter((name) => fileFormOf(name) !== undefined);
    expect(withFileForm.sort()).toEqual([
      "DATABASE_MIGRATION_PASSWORD",
      "DATABASE_PASSWORD",
      "DATABASE_URL",
      "JWT_SECRET",
      "JWT_SECRET_PREVIOUS",
      "REDIS_AUTH_TOKEN",
    ]);
  });
});
