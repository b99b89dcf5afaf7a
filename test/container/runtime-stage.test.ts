// What the image's runtime stage does, without a Docker engine: the Dockerfile's stages are replayed into
// temporary folders (image-reproduction.ts), the result is made read-only, and the image's CMD is started as an
// unprivileged user against the real PostgreSQL, with the image's ENV plus what an orchestrator would set.
// As root (our machines) the app runs as nobody (65534) in a root-owned tree; as a non-root CI user it runs as
// that user in a tree with every write bit removed. Either way it cannot write its own folder, like the image.
// Its /tmp is the task volume the task definition mounts there, prepared as Fargate prepares it (taskMount): the
// image's mode when the Dockerfile declares that path a VOLUME, else an empty root-owned 0755 folder.
import { randomBytes, X509Certificate } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from "node:fs";
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { instructionsOf, parseDockerfile, readExecForm, stageEnvironment } from "./dockerfile-parser.js";
import { parseDockerignore } from "./dockerignore-matcher.js";
import { rdsCaBundlePath } from "../../infra/service/container-plan.js";
import { containerDefinitions } from "../../infra/service/task-plan.js";
import { reproduceImage, taskMount } from "./image-reproduction.js";
import { freePort, listTree, runToExit, unprivilegedIdentity, waitForExit, waitForStatus } from "./runtime-process.js";

const repositoryRoot = path.resolve(import.meta.dirname, "../..");
const dockerfile = parseDockerfile(readFileSync(path.join(repositoryRoot, "Dockerfile"), "utf8"));
const finalStage = dockerfile.stages.at(-1)!;
/** The runtime stage's WORKDIR: appFolder stands for it. */
const appRoot = instructionsOf(finalStage, "WORKDIR").at(-1)!.args;
const identity = unprivilegedIdentity();
const devOnlyPackages = ["typescript", "vitest", "@pulumi/pulumi", "tsx", "eslint", "@action-validator/core"];

let scratch: string;
let nodeBinary: string;
let appFolder: string;
let home: string;
let ports: { api: number; metrics: number };
let app: ChildProcess | undefined;
let output = "";
let treeBeforeStart: string[];

/** The API container's writable mounts, as infra/service/task-plan.ts declares them to ECS. */
function apiMountPaths(): string[] {
  const placeholder = "x";
  const [api] = containerDefinitions({
    logLevel: "info",
    corsOrigins: [],
    databaseHost: placeholder,
    databasePort: 5432,
    databaseName: placeholder,
    databaseMigrationUser: placeholder,
    databaseReplicaHosts: [],
    databaseSecretArn: placeholder,
    databaseResourceIds: [placeholder],
    redisHost: placeholder,
    redisPort: 6379,
    jwtSecretArn: placeholder,
    jwtSecretPreviousArn: "",
    redisAuthTokenSecretArn: placeholder,
    region: "eu-west-1",
    remoteWriteUrl: placeholder,
    environment: "staging",
    serviceName: "api",
    imageRef: placeholder,
    collectorImage: placeholder,
    logGroupName: placeholder,
    stopTimeoutSeconds: 30,
    startupSeconds: 180,
    ecsExec: false,
  }) as { mountPoints: { containerPath: string }[] }[];
  return api!.mountPoints.map((mount) => mount.containerPath);
}

function imageCmd(): string[] {
  const command = instructionsOf(finalStage, "CMD").at(-1)?.execForm;
  if (!command) throw new Error("the final stage has no exec-form CMD");
  return command;
}

/** The environment the container would get: its PATH, the image's ENV, then the orchestrator's settings. */
function containerEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, TMPDIR: home, ...stageEnvironment(finalStage), ...extra };
}

function executable(command: string): string {
  // The test runs the Node it runs on (CI's matrix: 22 and 24); the image's `node` is 24.
  return command === "node" ? nodeBinary : command;
}

/**
 * The Node this test runs on, where the unprivileged user can run it: a project-local Node (.ci/use-node.sh) may
 * sit below a folder only its owner can enter (a checkout in a `mktemp -d` folder is 0700), so as root it is
 * linked (or copied) into the scratch folder first.
 */
function runnableNode(folder: string): string {
  if (!identity) return process.execPath;
  const bin = path.join(folder, "node-bin");
  mkdirSync(bin, { mode: 0o755 });
  const target = path.join(bin, "node");
  try {
    linkSync(process.execPath, target);
  } catch {
    copyFileSync(process.execPath, target);
    chmodSync(target, 0o755);
  }
  return target;
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "rusty-image-"));
  chmodSync(scratch, 0o755);
  nodeBinary = runnableNode(scratch);
  const reproduced = await reproduceImage({
    dockerfile,
    dockerignore: parseDockerignore(readFileSync(path.join(repositoryRoot, ".dockerignore"), "utf8")),
    repositoryRoot,
    scratch,
  });
  appFolder = reproduced.folder;
  const readOnly = await runToExit("chmod", ["-R", "a+rX,a-w", appFolder], {}, 30_000);
  if (readOnly.code !== 0) throw new Error(`chmod failed: ${readOnly.stderr}`);

  // The container's writable /tmp, the task volume ECS mounts there: the app's HOME and TMPDIR, checked empty at
  // the end.
  expect(apiMountPaths()).toEqual(["/tmp"]);
  home = taskMount(reproduced, "/tmp", scratch);

  ports = { api: await freePort(), metrics: await freePort() };
  treeBeforeStart = listTree(appFolder);
  const [command, ...args] = imageCmd();
  app = spawn(executable(command!), args, {
    cwd: appFolder,
    ...identity,
    env: containerEnvironment({
      // Production refuses the owner: the app's own role at run time, the owner for the migrations, as on ECS.
      DATABASE_URL: inject("databaseAppUrl"),
      DATABASE_MIGRATION_USER: new URL(inject("databaseUrl")).username,
      DATABASE_MIGRATION_PASSWORD: decodeURIComponent(new URL(inject("databaseUrl")).password),
      JWT_SECRET: randomBytes(36).toString("base64url"),
      HOST: "127.0.0.1",
      PORT: String(ports.api),
      METRICS_PORT: String(ports.metrics),
      SHUTDOWN_DRAIN_SECONDS: "1",
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  app.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
}, 120_000);

afterAll(async () => {
  if (app && app.exitCode === null && app.signalCode === null) {
    app.kill("SIGKILL");
    await waitForExit(app, 5_000);
  }
  if (scratch) {
    // A non-root owner needs its write bits back to delete the tree.
    if (!identity) await runToExit("chmod", ["-R", "u+w", scratch], {}, 30_000);
    rmSync(scratch, { recursive: true, force: true });
  }
});

describe("the image's runtime stage, replayed without Docker", () => {
  it("answers /ready with 200 from a production-only install, as an unprivileged user", async () => {
    await waitForStatus(`http://127.0.0.1:${ports.api}/ready`, 200, app!, 20_000).catch((error: Error) => {
      throw new Error(`${error.message}\n--- app output ---\n${output.slice(-3000)}`);
    });
    const live = await fetch(`http://127.0.0.1:${ports.api}/live`, { signal: AbortSignal.timeout(2000) });
    expect(live.status).toBe(200);
  });

  it("serves /metrics on METRICS_PORT only, never on the API port", async () => {
    const metrics = await fetch(`http://127.0.0.1:${ports.metrics}/metrics`, { signal: AbortSignal.timeout(2000) });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain("http_request_duration_seconds");
    const onApi = await fetch(`http://127.0.0.1:${ports.api}/metrics`, { signal: AbortSignal.timeout(2000) });
    await onApi.arrayBuffer();
    expect(onApi.status).toBe(404);
  });

  it("passes the Dockerfile's own HEALTHCHECK command, which fails when nothing listens", async () => {
    const healthcheck = instructionsOf(finalStage, "HEALTHCHECK")
      .at(-1)!
      .args.replace(/^CMD\s+/, "");
    const [command, ...args] = readExecForm(healthcheck)!;
    const probe = (port: number) =>
      runToExit(
        executable(command!),
        args,
        { cwd: appFolder, ...identity, env: containerEnvironment({ PORT: String(port) }) },
        10_000,
      );
    expect(await probe(ports.api)).toMatchObject({ code: 0 });
    expect(await probe(await freePort())).toMatchObject({ code: 1 });
  });

  it("serves the API reference with Redoc's bundle copied at build, without the renderer's package", async () => {
    const page = await fetch(`http://127.0.0.1:${ports.api}/api/v1/docs`, { signal: AbortSignal.timeout(2000) });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toMatch(/style-src 'self' 'nonce-/);
    const bundle = await fetch(`http://127.0.0.1:${ports.api}/api/v1/docs/assets/redoc.standalone.js`, {
      signal: AbortSignal.timeout(5000),
    });
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(500_000);
    expect(existsSync(path.join(appFolder, "node_modules", "redoc"))).toBe(false);
  });

  it("ships no development dependency", () => {
    const lockfile = JSON.parse(readFileSync(path.join(repositoryRoot, "package-lock.json"), "utf8")) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const devOnly = Object.entries(lockfile.packages).filter(([key, entry]) => key !== "" && entry.dev === true);
    expect(devOnly.length).toBeGreaterThan(0);
    const present = devOnly.map(([key]) => key).filter((key) => existsSync(path.join(appFolder, key)));
    expect(present).toEqual([]);
    for (const name of devOnlyPackages)
      expect(existsSync(path.join(appFolder, "node_modules", name)), name).toBe(false);
    expect(readdirSync(path.join(appFolder, "node_modules")).length).toBeGreaterThan(10);
  });

  it("carries a CycloneDX bill of materials listing exactly the production packages it ships", () => {
    const sbom = JSON.parse(readFileSync(path.join(appFolder, "sbom.cdx.json"), "utf8")) as {
      bomFormat: string;
      components: { group?: string; name: string }[];
    };
    expect(sbom.bomFormat).toBe("CycloneDX");
    // CycloneDX puts a package's npm scope in `group`.
    const listed = new Set(sbom.components.map(({ group, name }) => (group ? `${group}/${name}` : name)));
    const shipped = installedPackageNames(path.join(appFolder, "node_modules"));
    expect([...shipped].filter((name) => !listed.has(name))).toEqual([]);
    expect([...listed].filter((name) => !shipped.has(name))).toEqual([]);
    for (const name of devOnlyPackages) expect(listed.has(name), name).toBe(false);
  });

  it("carries the RDS CA bundle where the ECS task points DATABASE_SSL_CA_FILE: read-only, RDS CAs only, every stack's region", () => {
    const bundlePath = path.join(appFolder, path.posix.relative(appRoot, rdsCaBundlePath));
    expect(statSync(bundlePath).mode & 0o777).toBe(0o444);
    const pems =
      readFileSync(bundlePath, "utf8").match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
    const certificates = pems.map((pem) => new X509Certificate(pem));
    expect(certificates.length).toBeGreaterThan(50);
    for (const certificate of certificates) expect(certificate.subject).toMatch(/^OU=Amazon RDS$/m);
    // The instances use rds-ca-rsa2048-g1: its root for each region a stack (or its backup copy) lives in must be
    // there and valid, or verify-full would refuse the database.
    const now = Date.now();
    for (const region of stackRegions()) {
      const root = certificates.find((certificate) =>
        certificate.subject.includes(`CN=Amazon RDS ${region} Root CA RSA2048 G1`),
      );
      expect(root, region).toBeDefined();
      expect(Date.parse(root!.validTo), region).toBeGreaterThan(now);
    }
  });

  it("declares dist/ as ES modules instead of leaving Node to guess from syntax", () => {
    const manifest = JSON.parse(readFileSync(path.join(appFolder, "package.json"), "utf8")) as { type?: string };
    expect(manifest.type).toBe("module");
    expect(existsSync(path.join(appFolder, "dist", "app", "migrations"))).toBe(true);
  });

  it("starts from the compile cache the build wrote for its user, every module's code accepted, nothing written", async () => {
    // The build names the cache for the image's USER (Node keeps one cache folder per uid).
    const build = (
      JSON.parse(readFileSync(path.join(repositoryRoot, "package.json"), "utf8")) as {
        scripts: Record<string, string>;
      }
    ).scripts.build!;
    const user = instructionsOf(finalStage, "USER").at(-1)!.args.split(":")[0];
    expect(build).toContain(`write-compile-cache.mjs --uid ${user}`);
    // Without its settings the process exits once every module a start loads is loaded (serve.js and all it
    // imports); Node reports each cache entry it reads.
    const [command, ...args] = imageCmd();
    const attempt = await runToExit(
      executable(command!),
      args,
      { cwd: appFolder, ...identity, env: containerEnvironment({ NODE_DEBUG_NATIVE: "COMPILE_CACHE" }) },
      30_000,
    );
    expect(attempt.code).toBe(1);
    expect(attempt.stdout + attempt.stderr).toContain("DATABASE_URL");
    // CI also runs on Node 22, which cannot write a portable cache: there the build writes none and a start compiles.
    const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
    if (major < 24 || (major === 24 && minor < 12)) {
      expect(existsSync(path.join(appFolder, "dist", "compile-cache"))).toBe(false);
      return;
    }
    const report = (attempt.stdout + attempt.stderr).split("\n").filter((line) => line.startsWith("[compile cache]"));
    const accepted = report.filter((line) => /V8 code cache for .* was accepted/.test(line));
    expect(accepted.length).toBeGreaterThan(400);
    expect(report.filter((line) => /was rejected|Cannot create/.test(line))).toEqual([]);
    expect(accepted.some((line) => line.includes("dist/app/serve.js"))).toBe(true);
  });

  it("can write in the task's /tmp volume as Fargate prepares it: declared VOLUME, sticky and world-writable", async () => {
    // Root owns it (as Fargate's copy does); the app's user writes only thanks to the image's mode.
    expect(statSync(home).mode & 0o7777).toBe(0o1777);
    const probe = path.join(home, "probe");
    const attempt = await runToExit(
      nodeBinary,
      [
        "-e",
        "try { require('node:fs').writeFileSync(process.argv[1], 'x'); console.log('WROTE') } catch (e) { console.log(e.code) }",
        probe,
      ],
      { cwd: home, ...identity, env: { PATH: process.env.PATH } },
      10_000,
    );
    rmSync(probe, { force: true });
    expect(attempt.stdout.trim()).toBe("WROTE");
  });

  it("cannot write into its own folder", async () => {
    const attempt = await runToExit(
      nodeBinary,
      [
        "-e",
        "const fs = require('node:fs'); for (const file of process.argv.slice(1)) { try { fs.writeFileSync(file, 'x'); console.log('WROTE ' + file); } catch (error) { console.log(error.code); } }",
        path.join(appFolder, "probe"),
        path.join(appFolder, "dist", "probe"),
        path.join(appFolder, "node_modules", "probe"),
      ],
      { cwd: home, ...identity, env: { PATH: process.env.PATH } },
      10_000,
    );
    expect(attempt.stdout.trim().split("\n")).toEqual(["EACCES", "EACCES", "EACCES"]);
  });

  it("exits 0 within 10 s of SIGTERM, having written nothing to its folder or its temporary folder", async () => {
    app!.kill("SIGTERM");
    const exit = await waitForExit(app!, 10_000);
    expect(exit, `still running 10 s after SIGTERM\n${output.slice(-2000)}`).toEqual({ code: 0, signal: null });
    expect(listTree(appFolder)).toEqual(treeBeforeStart);
    expect(readdirSync(home)).toEqual([]);
  });
});

/** The regions of every AWS stack file: its own and, where set, its backups' second region. */
function stackRegions(): string[] {
  const regions = new Set<string>();
  for (const file of readdirSync(repositoryRoot).filter((name) => /^Pulumi\.\w+\.yaml$/.test(name))) {
    const text = readFileSync(path.join(repositoryRoot, file), "utf8");
    for (const match of text.matchAll(/^\s+(?:aws:region|rusty-saas:backupReplicationRegion): ([a-z0-9-]+)$/gm))
      if (match[1] !== "none") regions.add(match[1]!);
  }
  expect(regions.size).toBeGreaterThan(0);
  return [...regions];
}

/** Top-level package names under a node_modules folder (scoped ones as `@scope/name`). */
function installedPackageNames(nodeModules: string): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith(".")) continue;
    if (entry.startsWith("@"))
      for (const scoped of readdirSync(path.join(nodeModules, entry))) names.add(`${entry}/${scoped}`);
    else names.add(entry);
  }
  return names;
}
