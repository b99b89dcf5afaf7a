// The docker target (infra/docker-target/) on mocks, from Pulumi.local.yaml: the API containers keep the ECS
// task's contract and the app's own loader accepts what they are given (secret files included), the migrations
// run before any API container, the replica is the one the app reads from, the proxy and Prometheus know every API
// container, the monitoring gets the committed files, and bad docker settings fail naming their key.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { settings, type SettingName } from "../../app/config/config-schema.js";
import { loadOrProblems } from "./harness/app-config-loader.js";
import { runTool } from "../../monitoring/support/prometheus-tools.js";
import { recordedStack } from "./harness/recorded-stacks.js";
import { repoRoot, runStack, type RecordedResource, type StackRun } from "./harness/stack-harness.js";
import { ofType } from "./harness/stack-queries.js";
import { container as ecsContainer, envOf, secretsOf } from "./harness/task-queries.js";

interface Upload {
  file: string;
  content: string;
}

const containerType = "docker:index/container:Container";
const containersOf = (run: StackRun) => ofType(run, containerType);
function dockerContainer(run: StackRun, name: string): RecordedResource {
  const found = containersOf(run).find((c) => c.name === name);
  if (!found) throw new Error(`no container ${name}`);
  return found;
}
const envMap = (c: RecordedResource) =>
  Object.fromEntries(
    ((c.inputs.envs as string[] | undefined) ?? []).map((entry) => [
      entry.slice(0, entry.indexOf("=")),
      entry.slice(entry.indexOf("=") + 1),
    ]),
  );
const uploadsOf = (c: RecordedResource) => (c.inputs.uploads as Upload[] | undefined) ?? [];
const aliasesOf = (c: RecordedResource) =>
  ((c.inputs.networksAdvanced as { aliases: string[] }[] | undefined) ?? []).flatMap((n) => n.aliases);
const apiContainers = (run: StackRun) =>
  containersOf(run).filter((c) => (c.inputs.labels as { value: string }[]).some((l) => l.value === "api"));

const scratch = mkdtempSync(path.join(tmpdir(), "rusty-saas-docker-contract-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * The files the migrations container receives, written to disk with what a real run would hold: the mock's
 * password stand-ins become passwords of the length the program asks random for.
 */
function writeSecretFiles(run: StackRun): Record<string, string> {
  const lengths = new Map(
    ofType(run, "random:index/randomPassword:RandomPassword").map((r) => [r.name, Number(r.inputs.length)]),
  );
  const written: Record<string, string> = {};
  for (const upload of uploadsOf(dockerContainer(run, "migrations"))) {
    const generated = /^mock-secret-(.+)$/.exec(upload.content)?.[1];
    const content = generated
      ? `${generated.replace(/[^a-z]/g, "")}x`.padEnd(lengths.get(generated) ?? 0, "7")
      : upload.content;
    const local = path.join(scratch, path.basename(upload.file));
    writeFileSync(local, `${content}\n`);
    written[upload.file] = local;
  }
  return written;
}

describe("local (docker) stack: app ↔ infra contract", () => {
  it("gives every API container the same settings, each one the app knows (secrets only as _FILE)", async () => {
    const run = await recordedStack("local");
    const envs = apiContainers(run).map(envMap);
    expect(envs.length).toBe(2);
    for (const env of envs) expect(env).toEqual(envs[0]);
    expect(envMap(dockerContainer(run, "migrations"))).toEqual(envs[0]);
    for (const name of Object.keys(envs[0]!)) {
      const base = name.endsWith("_FILE") ? name.slice(0, -"_FILE".length) : name;
      const setting = settings[base as SettingName] as { secret?: boolean } | undefined;
      expect(setting, `${name} is not a setting of the app`).toBeDefined();
      expect(setting?.secret === true, `${name}: secrets go as files, plain settings as values`).toBe(
        name.endsWith("_FILE"),
      );
    }
  });

  it("keeps the ECS task's contract: the same variables, secrets as files, the same values where the hosts agree", async () => {
    const docker = envMap(apiContainers(await recordedStack("local"))[0]!);
    const ecs = ecsContainer(await recordedStack("staging"), "api");
    // On ECS the app logs in with IAM tokens and the task role fetches the migration password from Secrets
    // Manager; here both are files. TLS stays inside AWS: the private Docker network carries plain connections.
    const notHere = ["DATABASE_PASSWORD_SECRET_ARN", "DATABASE_MIGRATION_PASSWORD_SECRET_ARN", "DATABASE_SSL_CA_FILE"];
    const ecsNames = [
      ...Object.keys(envOf(ecs)).filter((name) => !notHere.includes(name)),
      ...Object.keys(secretsOf(ecs)).map((name) => `${name}_FILE`),
      "DATABASE_PASSWORD_FILE",
      "DATABASE_MIGRATION_PASSWORD_FILE",
    ];
    expect(Object.keys(docker).sort()).toEqual(ecsNames.sort());
    const sameEverywhere = [
      "NODE_ENV",
      "HOST",
      "PORT",
      "METRICS_PORT",
      "TRUST_PROXY",
      "SHUTDOWN_DRAIN_SECONDS",
      "REQUEST_TIMEOUT_SECONDS",
      "KEEP_ALIVE_TIMEOUT_SECONDS",
      "MIGRATE_ON_START",
      // The app's own least-privileged role on both targets, never the owner.
      "DATABASE_USER",
    ];
    for (const name of sameEverywhere) expect(docker[name], name).toBe(envOf(ecs)[name]);
  });

  it("is accepted by the app's own loader, secret files and all, into the intended config", async () => {
    const run = await recordedStack("local");
    const env = envMap(apiContainers(run)[0]!);
    const files = writeSecretFiles(run);
    const onDisk = Object.fromEntries(
      Object.entries(env).map(([name, value]) => [name, name.endsWith("_FILE") ? (files[value] ?? value) : value]),
    );
    for (const name of Object.keys(env).filter((n) => n.endsWith("_FILE")))
      expect(files[env[name]!], `${name} names a file the migrations container receives`).toBeDefined();
    const config = loadOrProblems(onDisk);
    expect(config, "the app refuses the containers' settings").not.toHaveProperty("problems");
    const read = (variable: string) => readFileSync(onDisk[variable]!, "utf8").trim();
    expect(config).toMatchObject({
      env: "production",
      http: { trustProxy: true },
      database: {
        kind: "external",
        primary: { host: "postgres-primary", port: 5432 },
        replicas: [{ host: "postgres-replica-1", port: 5432 }],
        ssl: "disable",
        migrateOnStart: true,
        password: { kind: "file", path: onDisk.DATABASE_PASSWORD_FILE },
      },
      redis: { url: "redis://valkey:6379", authToken: read("REDIS_AUTH_TOKEN_FILE") },
      auth: { jwtSecret: read("JWT_SECRET_FILE"), jwtSecretGenerated: false },
    });
  });

  it("hands the secrets over only as Pulumi secrets, readable by the container's user alone", async () => {
    const run = await recordedStack("local");
    for (const name of ["migrations", "postgres-primary", "postgres-replica-1", "valkey", "grafana"])
      expect(dockerContainer(run, name).secretInputs, name).toContain("uploads");
    for (const upload of uploadsOf(dockerContainer(run, "migrations")))
      expect(upload, upload.file).toMatchObject({ owner: "1000", group: "1000", permissions: "0400" });
    expect([...run.secretOutputs].sort()).toEqual(["databasePassword", "grafanaAdminPassword"]);
  });
});

describe("local (docker) stack: what runs", () => {
  it("runs the migrations once, after the data tier and before every API container", async () => {
    const run = await recordedStack("local");
    const migrations = dockerContainer(run, "migrations");
    expect(migrations.inputs).toMatchObject({ attach: true, mustRun: false, restart: "no", user: "1000:1000" });
    const urn = (name: string) => dockerContainer(run, name).urn;
    expect(migrations.dependsOn).toEqual(
      expect.arrayContaining([urn("postgres-primary"), urn("postgres-replica-1"), urn("valkey")]),
    );
    for (const api of apiContainers(run)) expect(api.dependsOn, api.name).toContain(migrations.urn);
  });

  it("runs the API containers locked down as on ECS, health-checked on /ready, the secrets volume read-only", async () => {
    const run = await recordedStack("local");
    for (const api of apiContainers(run)) {
      expect(api.inputs).toMatchObject({
        user: "1000:1000",
        readOnly: true,
        privileged: false,
        tmpfs: { "/tmp": expect.stringContaining("rw") },
        volumes: [{ containerPath: "/run/secrets", readOnly: true }],
        ports: [],
        wait: true,
      });
      expect(JSON.stringify(api.inputs.healthcheck)).toContain("/ready");
    }
    expect(dockerContainer(run, "migrations").inputs.volumes).toEqual([
      expect.objectContaining({ containerPath: "/run/secrets", volumeName: "rusty-saas-local-api-secrets" }),
    ]);
  });

  it("reads from the replica the app is told about: a streaming standby of the primary", async () => {
    const run = await recordedStack("local");
    const replicaHosts = envMap(apiContainers(run)[0]!).DATABASE_REPLICA_HOSTS!.split(",");
    expect(replicaHosts).toEqual(["postgres-replica-1"]);
    const replica = containersOf(run).find((c) => aliasesOf(c).includes(replicaHosts[0]!))!;
    const script = uploadsOf(replica).find((u) => u.file === (replica.inputs.entrypoints as string[])[0]);
    expect(script?.content).toContain("pg_basebackup");
    expect(script?.content).toContain("--write-recovery-conf");
    expect(script?.content).toContain("--host=postgres-primary");
    expect(replica.dependsOn).toContain(dockerContainer(run, "postgres-primary").urn);
  });

  it("gives Caddy a Caddyfile it adapts: TLS from its internal CA, health-checked on /ready, every API container", async () => {
    const run = await recordedStack("local");
    const file = path.join(scratch, "Caddyfile");
    writeFileSync(file, uploadsOf(dockerContainer(run, "proxy"))[0]!.content);
    // caddy comes from .ci/run's Debian packages; a missing one fails here rather than skipping.
    const adapted = JSON.parse(
      execFileSync("caddy", ["adapt", "--config", file, "--adapter", "caddyfile"], { encoding: "utf8" }),
    ) as unknown;
    const text = JSON.stringify(adapted);
    expect(text).toContain('"admin":{"disabled":true}');
    expect(text).toContain('"module":"internal"');
    expect(text).toMatch(/"active":\{[^}]*"uri":"\/ready"/);
    expect(text).toContain('"upstreams":[{"dial":"api-1:3000"},{"dial":"api-2:3000"}]');
  });

  it("uploads shell scripts shellcheck finds clean (the primary's init script, the replica's entry point)", async () => {
    const run = await recordedStack("local");
    const scripts = containersOf(run)
      .flatMap(uploadsOf)
      .filter((upload) => upload.content.startsWith("#!/bin/sh"));
    expect(scripts.map((script) => script.file).sort()).toEqual([
      "/docker-entrypoint-initdb.d/10-replication-role.sh",
      "/usr/local/bin/start-replica.sh",
    ]);
    for (const script of scripts)
      expect(
        () => execFileSync("shellcheck", ["-"], { input: script.content, stdio: "pipe" }),
        script.file,
      ).not.toThrow();
  });

  it("balances over every API container, and Prometheus scrapes every one of them", async () => {
    const run = await recordedStack("local");
    const aliases = apiContainers(run).flatMap(aliasesOf).sort();
    const caddyfile = uploadsOf(dockerContainer(run, "proxy"))[0]!.content;
    expect(/reverse_proxy ([^{]+)\{/.exec(caddyfile)?.[1]?.trim().split(" ").sort()).toEqual(
      aliases.map((a) => `${a}:3000`),
    );
    expect(caddyfile).toMatch(/health_uri \/ready/);
    // Draining: a stopping container fails /ready at once; the proxy notices within a health interval or two, then
    // the app drains and finishes its longest request, all before Docker's SIGKILL.
    const interval = Number(/health_interval (\d+)s/.exec(caddyfile)?.[1]);
    const env = envMap(apiContainers(run)[0]!);
    const needed = 2 * interval + Number(env.SHUTDOWN_DRAIN_SECONDS) + Number(env.REQUEST_TIMEOUT_SECONDS);
    for (const api of apiContainers(run)) {
      expect(api.inputs.stopTimeout, api.name).toBeGreaterThanOrEqual(needed);
      expect(api.inputs.stopSignal).toBe("SIGTERM");
    }
    expect(caddyfile).toMatch(/tls internal/);
    const prometheus = parse(
      uploadsOf(dockerContainer(run, "prometheus")).find((u) => u.file === "/etc/prometheus/prometheus.yml")!.content,
    ) as { scrape_configs: { job_name: string; static_configs: { targets: string[]; labels: object }[] }[] };
    expect(prometheus.scrape_configs[0]).toMatchObject({
      job_name: "api",
      static_configs: [{ targets: aliases.map((a) => `${a}:9464`), labels: { environment: "local" } }],
    });
  });

  it("scales the API containers, the proxy's upstreams and the scrape targets together by one setting", async () => {
    const run = await runStack({ configStack: "local", overrides: { "rusty-saas:dockerApiContainers": "3" } });
    expect(apiContainers(run).map((c) => c.name)).toEqual(["api-1", "api-2", "api-3"]);
    expect(uploadsOf(dockerContainer(run, "proxy"))[0]!.content).toContain("api-3:3000");
    expect(uploadsOf(dockerContainer(run, "prometheus"))[0]!.content).toContain("api-3:9464");
  }, 120_000);

  it("feeds the monitoring the committed files: every rule file, the Alertmanager routing, every dashboard", async () => {
    const run = await recordedStack("local");
    const committed = (dir: string, ext: string) =>
      readdirSync(path.join(repoRoot, dir))
        .filter((f) => f.endsWith(ext))
        .map((f) => readFileSync(path.join(repoRoot, dir, f), "utf8"))
        .sort();
    const contents = (name: string, prefix: string) =>
      uploadsOf(dockerContainer(run, name))
        .filter((u) => u.file.startsWith(prefix))
        .map((u) => u.content)
        .sort();
    expect(contents("prometheus", "/etc/prometheus/rules/")).toEqual(committed("monitoring/rules", ".yml"));
    expect(contents("alertmanager", "/etc/alertmanager/")).toEqual(committed("monitoring", "alertmanager.yml"));
    expect(contents("grafana", "/etc/grafana/dashboards/")).toEqual(committed("monitoring/dashboards/json", ".json"));
    const datasource = uploadsOf(dockerContainer(run, "grafana")).find((u) => u.file.includes("datasources"));
    expect(datasource?.content).toContain("url: http://prometheus:9090");
  });

  it("gives Prometheus a config and rules promtool accepts, and Alertmanager one amtool accepts", async () => {
    const run = await recordedStack("local");
    const dir = mkdtempSync(path.join(scratch, "prometheus-"));
    // The container's paths, moved under a scratch folder so promtool finds the rule files where the config says.
    for (const upload of [
      ...uploadsOf(dockerContainer(run, "prometheus")),
      ...uploadsOf(dockerContainer(run, "alertmanager")),
    ]) {
      const local = path.join(dir, upload.file);
      mkdirSync(path.dirname(local), { recursive: true });
      writeFileSync(local, upload.content.replaceAll("/etc/prometheus/", `${dir}/etc/prometheus/`));
    }
    const prometheus = runTool("promtool", ["check", "config", path.join(dir, "etc/prometheus/prometheus.yml")]);
    expect(prometheus.code, prometheus.output).toBe(0);
    expect(prometheus.output).toMatch(/SUCCESS: [1-9]\d* rules found/);
    const alertmanager = runTool("amtool", ["check-config", path.join(dir, "etc/alertmanager/alertmanager.yml")]);
    expect(alertmanager.code, alertmanager.output).toBe(0);
  });

  it("pulls exactly the images the stack file pins, and builds the API from the root Dockerfile", async () => {
    const run = await recordedStack("local");
    const pinned = Object.entries(run.config)
      .filter(([key]) => /^rusty-saas:docker\w+Image$/.test(key))
      .map(([, value]) => value)
      .sort();
    expect(
      ofType(run, "docker:index/remoteImage:RemoteImage")
        .map((r) => r.inputs.name)
        .sort(),
    ).toEqual(pinned);
    expect(ofType(run, "docker:index/image:Image")[0]?.inputs).toMatchObject({
      build: { context: ".", dockerfile: "Dockerfile" },
      skipPush: true,
    });
  });

  it("yields identical resources when its config runs under a decoy stack name", async () => {
    const decoy = await runStack({ configStack: "local", stackName: "decoy-not-local" });
    const local = await recordedStack("local");
    const scrub = (run: StackRun) =>
      run.resources.map((r) => JSON.stringify(r).replaceAll(`urn:pulumi:${run.stack}::`, "urn:pulumi:STACK::")).sort();
    expect(scrub(decoy)).toEqual(scrub(local));
    expect(decoy.outputs).toEqual(local.outputs);
  }, 120_000);

  it("creates nothing on AWS and asks AWS nothing", async () => {
    const run = await recordedStack("local");
    expect(run.resources.filter((r) => r.type.includes("aws")).map((r) => r.type)).toEqual([]);
    expect(run.invokes).toEqual([]);
  });

  it("publishes only the proxy and the monitoring UIs, on the configured address", async () => {
    const run = await runStack({ configStack: "local", overrides: { "rusty-saas:dockerPublishAddress": "10.1.2.3" } });
    const published = containersOf(run)
      .filter((c) => ((c.inputs.ports as unknown[] | undefined) ?? []).length > 0)
      .map((c) => [c.name, (c.inputs.ports as { ip: string }[]).map((p) => p.ip)]);
    expect(published.sort()).toEqual([
      ["alertmanager", ["10.1.2.3"]],
      ["grafana", ["10.1.2.3"]],
      ["prometheus", ["10.1.2.3"]],
      ["proxy", ["10.1.2.3"]],
    ]);
  }, 120_000);
});

describe("bad docker settings fail with a message naming the key", () => {
  const zeros = "0".repeat(64);
  const cases: [string, Record<string, string | undefined>, RegExp][] = [
    [
      "an image by tag only",
      { "rusty-saas:dockerGrafanaImage": "grafana/grafana:12.1.0" },
      /rusty-saas:dockerGrafanaImage: "grafana\/grafana:12.1.0" must be an image pinned by digest/,
    ],
    [
      "a short digest",
      { "rusty-saas:dockerValkeyImage": "valkey/valkey:8.1@sha256:abc" },
      /rusty-saas:dockerValkeyImage: .* must be an image pinned by digest/,
    ],
    [
      "another PostgreSQL major",
      { "rusty-saas:dockerPostgresImage": `postgres:15@sha256:${zeros}` },
      /rusty-saas:dockerPostgresImage: must be postgres:16/,
    ],
    [
      "all interfaces",
      { "rusty-saas:dockerPublishAddress": "0.0.0.0" },
      /rusty-saas:dockerPublishAddress: 0.0.0.0 publishes on every interface/,
    ],
    ["two UIs on one port", { "rusty-saas:dockerGrafanaPort": "9090" }, /rusty-saas:dockerGrafanaPort: .* must differ/],
    [
      "no API container",
      { "rusty-saas:dockerApiContainers": "0" },
      /rusty-saas:dockerApiContainers: "0" must be an integer from 1 to 8/,
    ],
    ["an unknown target", { "rusty-saas:target": "k8s" }, /rusty-saas:target: "k8s" must be one of aws, docker/],
  ];

  it.each(cases)("rejects %s", async (_label, overrides, message) => {
    await expect(runStack({ configStack: "local", overrides })).rejects.toThrow(message);
  });
});
