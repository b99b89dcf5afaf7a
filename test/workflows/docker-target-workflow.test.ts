// The docker-target workflow cannot run here (no Docker engine, no Pulumi CLI), so its shape is checked: a valid
// workflow, actions pinned to the commits the other workflows use, a local backend, `pulumi up -s local` with the
// policy pack, the smoke test after it and `pulumi destroy` whatever happened; and the smoke script is
// shellcheck-clean and asks for everything the issue names.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  "runs-on": string;
  "timeout-minutes"?: number;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const repositoryRoot = path.resolve(import.meta.dirname, "../..");
const read = (relative: string) => readFileSync(path.join(repositoryRoot, relative), "utf8");
const source = read(".github/workflows/docker-target.yml");
const workflow = parse(source) as Workflow;
const [job, ...otherJobs] = Object.values(workflow.jobs);
const steps = job?.steps ?? [];
const smokeScript = "infra/docker-target/smoke-test.sh";
const pinScript = "infra/docker-target/pin-images.sh";

/** The index of the first step whose `run` matches. */
function stepIndex(command: RegExp): number {
  const index = steps.findIndex((step) => command.test(step.run ?? ""));
  if (index < 0) throw new Error(`no step runs ${command}`);
  return index;
}

/** `uses:` references pinned in the other workflows. */
function pinnedElsewhere(): Set<string> {
  return new Set(
    readdirSync(path.join(repositoryRoot, ".github/workflows"))
      .filter((file) => file.endsWith(".yml") && file !== "docker-target.yml")
      .flatMap((file) => read(`.github/workflows/${file}`).match(/uses: \S+@[0-9a-f]{40}/g) ?? [])
      .map((line) => line.slice("uses: ".length)),
  );
}

describe("docker-target workflow", () => {
  it("is a valid GitHub Actions workflow with one job and read-only permissions", () => {
    expect(validateWorkflow(source).errors).toEqual([]);
    expect(otherJobs).toEqual([]);
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(job?.["runs-on"]).toBe("ubuntu-latest");
    expect(job?.["timeout-minutes"]).toBeGreaterThan(0);
  });

  it("would catch a broken workflow (the validator is not vacuous)", () => {
    const broken = source.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    steps-typo: []");
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it("runs on pull requests that touch what it deploys, and on main", () => {
    const paths = (workflow.on.pull_request as { paths: string[] }).paths;
    for (const touched of [
      "infra/**",
      "Pulumi.local.yaml",
      "Dockerfile",
      "app/**",
      "monitoring/**",
      "package-lock.json",
    ])
      expect(paths).toContain(touched);
    expect(workflow.on.push).toEqual({ branches: ["main"] });
  });

  it("uses only actions pinned to the commits the other workflows already use, Pulumi's CLI among them", () => {
    const known = pinnedElsewhere();
    const used = steps.flatMap((step) => step.uses ?? []);
    expect(used.length).toBeGreaterThan(0);
    for (const uses of used) expect(known, `${uses} is pinned the same way elsewhere`).toContain(uses);
    expect(used.some((uses) => uses.startsWith("pulumi/actions@"))).toBe(true);
  });

  it("logs in to a local backend, pins the images, then brings the local stack up with the policy pack", () => {
    const login = stepIndex(/pulumi login --local/);
    const pin = stepIndex(new RegExp(pinScript.replaceAll(".", "\\.")));
    const up = stepIndex(/pulumi up --stack "\$STACK" --yes/);
    expect(job?.env?.STACK).toBe("local");
    expect(login).toBeLessThan(pin);
    expect(pin).toBeLessThan(up);
    expect(steps[up]?.run).toContain("--policy-pack infra/policy/pack");
    expect(source, "the job needs no repository secret").not.toMatch(/\$\{\{\s*secrets\./);
  });

  it("smoke tests through the proxy after the up, and destroys the stack whatever happened, last", () => {
    const up = stepIndex(/pulumi up /);
    const smoke = stepIndex(new RegExp(smokeScript.replaceAll(".", "\\.")));
    const destroy = stepIndex(/pulumi destroy --stack "\$STACK" --yes/);
    expect(up).toBeLessThan(smoke);
    expect(destroy).toBe(steps.length - 1);
    expect(steps[destroy]?.if).toBe("always()");
    for (const output of ["apiUrl", "prometheusUrl", "alertmanagerUrl"]) expect(steps[smoke]?.run).toContain(output);
  });
});

describe("the smoke script", () => {
  const script = read(smokeScript);

  it.each([smokeScript, pinScript])("%s is shellcheck-clean", (file) => {
    // shellcheck comes from .ci/run's Debian packages; a missing one fails here rather than skipping.
    expect(() => execFileSync("shellcheck", [path.join(repositoryRoot, file)], { stdio: "pipe" })).not.toThrow();
  });

  it("would be caught by shellcheck if it went wrong (the check is not vacuous)", () => {
    const broken = `${script}\nrm -rf $workdir/*\n`;
    expect(() => execFileSync("shellcheck", ["-"], { input: broken, stdio: "pipe" })).toThrow();
  });

  it("checks everything the issue asks of the running system", () => {
    for (const check of [
      /\/ready/,
      /POST \/auth\/signup 201/,
      /POST \/cases 201/,
      /GET "\/cases\/\$case_id" 404 "\$owner_b"/,
      /up\{job="api"\}/,
      /pool=~"replica\.\*"/,
      /pg_is_in_recovery/,
      /alertname="Watchdog"/,
    ])
      expect(script).toMatch(check);
  });

  it("bounds every wait", () => {
    expect(script).not.toMatch(/while true|until true/);
    for (const call of script.match(/^eventually \d+/gm) ?? [])
      expect(Number(call.split(" ")[1])).toBeLessThanOrEqual(300);
  });
});
