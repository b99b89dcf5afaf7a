// The contract between app/ and infra/: the task definition sets only settings the app knows, gives it every
// setting production needs (the app's own loader accepts the result), and the ports, health path and shutdown
// timings of both sides agree. Also decision 0020: migrations run at task start under a PostgreSQL advisory lock
// and the app listens (so /ready passes) only afterwards; what infra must hold for that is checked here.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { settings, type SettingName } from "../../app/config/config-schema.js";
import type { AppConfig } from "../../app/config/app-config.js";
import { loadOrProblems } from "./harness/app-config-loader.js";
import { readinessPath } from "../../app/health/health-routes.js";
import { migrationLockTimeoutSeconds } from "../../app/platform/database/migrations.js";
import { appDatabaseUser, rdsCaBundlePath } from "../../infra/service/container-plan.js";
import { appMigrationLockTimeoutSeconds, minStartupSeconds } from "../../infra/service/task-sizing.js";
import { expectedStacks } from "./expected-stacks.js";
import { recordedStack, stackNames } from "./harness/recorded-stacks.js";
import { input, ofType, one } from "./harness/stack-queries.js";
import { container, envOf, secretsOf } from "./harness/task-queries.js";

const known = new Set(Object.keys(settings));
const appDefault = (name: SettingName): number => Number((settings[name] as { default?: string }).default);

describe.each(stackNames)("%s stack: app ↔ infra contract", (stack) => {
  it("sets only variables and secrets the app's config knows: secrets only for secret settings, plain values only for plain ones", async () => {
    const api = container(await recordedStack(stack), "api");
    const setting = (name: string) => (known.has(name) ? settings[name as SettingName] : undefined);
    for (const name of Object.keys(secretsOf(api)))
      expect(setting(name)?.secret, `${name} is injected as a secret but is not a secret setting of the app`).toBe(
        true,
      );
    for (const name of Object.keys(envOf(api)))
      expect(setting(name)?.secret, `${name} is a plain variable but not a plain setting of the app`).toBe(false);
    expect(envOf(api).DATABASE_URL).toBeUndefined();
  });

  it("gives the app everything production needs: its own loader turns the task's settings into the intended config", async () => {
    const run = await recordedStack(stack);
    const api = container(run, "api");
    const env = envOf(api);
    expect(env.DATABASE_HOST, "the task names the primary").toMatch(/./);
    expect(Object.keys(secretsOf(api)).sort()).toEqual(["JWT_SECRET", "REDIS_AUTH_TOKEN"]);
    const injected = Object.fromEntries(
      Object.keys(secretsOf(api)).map((name) => [name, `injected-${name.toLowerCase()}-`.padEnd(48, "x")]),
    );
    const config = loadOrProblems({ ...env, ...injected });
    expect(config, "the app refuses the task's settings").not.toHaveProperty("problems");
    expect(config).toMatchObject({
      env: "production",
      http: { trustProxy: true },
      database: {
        kind: "external",
        primary: { host: env.DATABASE_HOST },
        user: "rusty_api",
        password: { kind: "iam" },
        migration: {
          user: "rusty_admin",
          password: { kind: "secrets-manager", secretArn: run.outputs.databaseMasterSecretArn },
        },
        ssl: "verify-full",
        sslCaFile: rdsCaBundlePath,
        migrateOnStart: true,
      },
      redis: { url: expect.stringMatching(/^rediss:\/\//), authToken: injected.REDIS_AUTH_TOKEN },
      auth: { jwtSecret: injected.JWT_SECRET, jwtSecretGenerated: false },
    });
    const replicas = (config as AppConfig).database;
    expect(replicas.kind === "external" && replicas.replicas.length).toBe(expectedStacks[stack].replicas);
  });

  it("agrees on ports: the API port is mapped, targeted and checked; the metrics port is mapped and never routed", async () => {
    const run = await recordedStack(stack);
    const api = container(run, "api");
    const port = Number(envOf(api).PORT ?? appDefault("PORT"));
    const metricsPort = Number(envOf(api).METRICS_PORT ?? appDefault("METRICS_PORT"));
    expect(api.portMappings?.map((p) => p.containerPort)).toEqual([port, metricsPort]);
    for (const tg of ofType(run, "aws:lb/targetGroup:TargetGroup")) expect(input(tg, "port")).toBe(port);
    expect(input(one(run, "aws:ecs/service:Service"), "loadBalancers")).toEqual([
      expect.objectContaining({ containerPort: port, containerName: "api" }),
    ]);
    const sgRules = [
      ...ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
      ...ofType(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"),
    ];
    for (const rule of sgRules) {
      const from = Number(input(rule, "fromPort"));
      const to = Number(input(rule, "toPort"));
      expect(metricsPort >= from && metricsPort <= to, `${rule.name} opens the metrics port`).toBe(false);
    }
  });

  it("checks the app's readiness path on the target group", async () => {
    const run = await recordedStack(stack);
    const path = input<{ path: string }>(one(run, "aws:lb/targetGroup:TargetGroup"), "healthCheck").path;
    expect(path).toBe(readinessPath);
  });

  it("fits deregistration delay + the app's drain window + its longest request inside stopTimeout", async () => {
    const run = await recordedStack(stack);
    const api = container(run, "api");
    const deregistration = Number(input(one(run, "aws:lb/targetGroup:TargetGroup"), "deregistrationDelay"));
    const drain = Number(envOf(api).SHUTDOWN_DRAIN_SECONDS ?? appDefault("SHUTDOWN_DRAIN_SECONDS"));
    const longestRequest = Number(envOf(api).REQUEST_TIMEOUT_SECONDS ?? appDefault("REQUEST_TIMEOUT_SECONDS"));
    expect(deregistration + drain + longestRequest).toBeLessThanOrEqual(api.stopTimeout);
    expect(api.stopTimeout).toBeLessThanOrEqual(120);
    const [expectedDeregistration, expectedStop] = stack === "production" ? [30, 45] : [15, 30];
    expect([deregistration, api.stopTimeout]).toEqual([expectedDeregistration, expectedStop]);
  });

  it("keeps the app's keep-alive above the load balancer's idle timeout", async () => {
    const run = await recordedStack(stack);
    const keepAlive = Number(
      envOf(container(run, "api")).KEEP_ALIVE_TIMEOUT_SECONDS ?? appDefault("KEEP_ALIVE_TIMEOUT_SECONDS"),
    );
    expect(keepAlive).toBeGreaterThan(Number(input(one(run, "aws:lb/loadBalancer:LoadBalancer"), "idleTimeout")));
  });
});

describe("the app's database role and TLS, as infra names them", () => {
  const migrations = readdirSync(new URL("../../app/migrations/", import.meta.url))
    .filter((name) => name.endsWith(".sql"))
    .map((name) => readFileSync(new URL(`../../app/migrations/${name}`, import.meta.url), "utf8"));

  it("connects as a login role a migration creates, grants rds_iam where it exists, and never gives a password", () => {
    const creating = migrations.find((sql) => sql.includes(`CREATE ROLE ${appDatabaseUser} LOGIN`));
    expect(creating, `no migration creates ${appDatabaseUser}`).toBeDefined();
    expect(creating).toMatch(
      new RegExp(
        `IF EXISTS \\(SELECT FROM pg_roles WHERE rolname = 'rds_iam'\\) THEN\\s+GRANT rds_iam TO ${appDatabaseUser};`,
      ),
    );
    for (const sql of migrations) expect(sql).not.toMatch(new RegExp(`ROLE ${appDatabaseUser}[^;]*PASSWORD`, "i"));
  });

  it("points DATABASE_SSL_CA_FILE at the bundle the build writes into dist/, which the image copies to /app/dist", () => {
    const dockerfile = readFileSync(new URL("../../Dockerfile", import.meta.url), "utf8");
    expect(dockerfile).toMatch(/^WORKDIR \/app$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/src\/dist \.\/dist$/m);
    const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(manifest.scripts.build).toContain("node scripts/write-rds-ca-bundle.mjs");
    expect(rdsCaBundlePath).toBe("/app/dist/certs/rds-global-bundle.pem");
  });
});

describe("the app's migration lock", () => {
  it("waits no longer than the start-up allowance infra plans for", () => {
    expect(migrationLockTimeoutSeconds).toBeLessThanOrEqual(appMigrationLockTimeoutSeconds);
  });
});

describe.each(stackNames)("%s stack: migrations finish before a new version serves", (stack) => {
  it("migrates at start", async () => {
    expect(envOf(container(await recordedStack(stack), "api")).MIGRATE_ON_START).toBe("true");
  });

  it("spares a starting task from load balancer and liveness checks for longer than the lock wait plus migrations", async () => {
    const run = await recordedStack(stack);
    const grace = Number(input(one(run, "aws:ecs/service:Service"), "healthCheckGracePeriodSeconds"));
    expect(grace).toBeGreaterThanOrEqual(minStartupSeconds);
    const health = (container(run, "api") as unknown as { healthCheck: { startPeriod: number } }).healthCheck;
    expect(health.startPeriod).toBe(Math.min(grace, 300));
    expect(health.startPeriod).toBeGreaterThanOrEqual(minStartupSeconds);
  });

  it("keeps the old version serving until new tasks pass /ready, and rolls back a version whose start fails", async () => {
    const run = await recordedStack(stack);
    const service = one(run, "aws:ecs/service:Service");
    expect(input(service, "deploymentMinimumHealthyPercent")).toBe(100);
    expect(input(service, "deploymentCircuitBreaker")).toEqual({ enable: true, rollback: true });
    expect(input<{ path: string }>(one(run, "aws:lb/targetGroup:TargetGroup"), "healthCheck").path).toBe("/ready");
  });
});
