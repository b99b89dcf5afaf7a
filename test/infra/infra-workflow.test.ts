// .github/workflows/infra.yml cannot run here, so its shape is checked: valid against GitHub's workflow schema
// (@action-validator/core), previews on pull requests for both stacks, stateful-resource guard, OIDC only,
// staging from main and production only by dispatch through its protected environment.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { imageBuilderName } from "../../infra/image/image-plan.js";
import { firstDeployChecks } from "./harness/constraints-document.js";
import { repoRoot } from "./harness/stack-harness.js";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number | boolean>;
}

interface Defaults {
  run?: { shell?: string };
}

interface Job {
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  defaults?: Defaults;
  strategy?: { matrix?: Record<string, unknown[]> };
  steps: Step[];
}

interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env?: Record<string, string>;
  defaults?: Defaults;
  jobs: Record<string, Job>;
}

const file = path.join(repoRoot, ".github/workflows/infra.yml");
const source = readFileSync(file, "utf8");
const workflow = parse(source) as Workflow;
const job = (name: string): Job => {
  const found = workflow.jobs[name];
  if (!found) throw new Error(`no job ${name}`);
  return found;
};
const runs = (j: Job) => j.steps.map((s) => s.run ?? "").join("\n");

/** A shell pipe (`a | b`), not `||` and not a pipe inside a GitHub expression. */
const hasPipe = (script: string) => /(^|[^|])\|([^|]|$)/.test(script.replace(/\$\{\{[^}]*\}\}/g, ""));

/**
 * Steps that pipe without pipefail: GitHub's implicit shell is `bash -e {0}` (the pipe takes the last command's
 * status); an explicit `shell: bash` is `bash --noprofile --norc -eo pipefail {0}`.
 */
function pipesWithoutPipefail(w: Workflow): string[] {
  return Object.entries(w.jobs).flatMap(([jobName, j]) =>
    j.steps
      .filter((s) => s.run !== undefined && hasPipe(s.run))
      .filter((s) => (s.shell ?? j.defaults?.run?.shell ?? w.defaults?.run?.shell) !== "bash")
      .filter((s) => !/^\s*set -[a-z]*o pipefail/m.test(s.run ?? ""))
      .map((s) => `${jobName}: ${s.name ?? s.run ?? ""}`),
  );
}

/** Where `secrets.*` is referenced: `workflow`, `<job>` (job level) or `<job>/<step>`. */
function secretReferences(w: Workflow): string[] {
  const uses = (value: unknown) => /\bsecrets\./.test(JSON.stringify(value ?? null));
  return [
    ...(uses(w.env) || uses(w.defaults) ? ["workflow"] : []),
    ...Object.entries(w.jobs).flatMap(([jobName, j]) => [
      ...(uses({ ...j, steps: [] }) ? [jobName] : []),
      ...j.steps.filter((s) => uses(s)).map((s) => `${jobName}/${s.name ?? s.uses ?? s.run ?? ""}`),
    ]),
  ];
}

describe("infra workflow", () => {
  it("is a valid GitHub Actions workflow", () => {
    const result = validateWorkflow(source);
    expect(result.errors).toEqual([]);
  });

  it("runs on pull requests, after ci passes on main, and by manual dispatch, reading the repository only by default", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "workflow_dispatch", "workflow_run"]);
    expect(workflow.on.workflow_run).toEqual({ workflows: ["ci"], types: ["completed"], branches: ["main"] });
    expect(
      (parse(readFileSync(path.join(repoRoot, ".github/workflows/ci.yml"), "utf8")) as { name: string }).name,
    ).toBe("ci");
    expect(workflow.permissions).toEqual({ contents: "read" });
  });

  it("renders and comments the credential-free plan diff of every stack on every pull request", () => {
    const plan = job("plan");
    expect(plan.if).toContain("pull_request");
    expect(plan.strategy?.matrix?.stack).toEqual(["staging", "production", "local"]);
    expect(runs(plan)).toContain('npm run --silent plan -- "$STACK"');
    expect(runs(plan)).toContain("infra/plan/snapshots/$STACK.plan.md");
    expect(plan.steps.some((s) => s.uses?.startsWith("actions/github-script@"))).toBe(true);
    expect(plan.permissions).toMatchObject({ "pull-requests": "write" });
    expect(plan.permissions?.["id-token"]).toBeUndefined();
  });

  it("previews both stacks with the policy pack only when cloud access is configured, and fails on stateful replacement", () => {
    const preview = job("preview");
    expect(preview.if).toContain("vars.PULUMI_BACKEND_URL != ''");
    expect(preview.strategy?.matrix?.stack).toEqual(["staging", "production"]);
    expect(runs(preview)).toMatch(/pulumi preview --stack "\$STACK" --diff --policy-pack infra\/policy\/pack/);
    expect(runs(preview)).toMatch(/pulumi preview --stack "\$STACK" --json --policy-pack infra\/policy\/pack/);
    expect(runs(preview)).toContain("npm run --silent preview:guard -- preview.json");
    const comment = preview.steps.find((s) => s.uses?.startsWith("actions/github-script@"));
    expect(comment?.if).toBe("always()");
  });

  it("reaches AWS through OIDC role assumption only, never stored keys", () => {
    expect(source).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
    for (const name of ["preview", "deploy"]) {
      const j = job(name);
      expect(j.permissions?.["id-token"]).toBe("write");
      const credentials = j.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      expect(credentials?.with?.["role-to-assume"]).toMatch(/^\$\{\{ vars\.AWS_[A-Z_]+_ROLE_ARN \}\}$/);
    }
  });

  it("deploys staging from main and production only by dispatch through its protected environment, after the guard", () => {
    const deploy = job("deploy");
    expect(deploy.if).toBe(
      "(github.event_name == 'workflow_run' && github.event.workflow_run.conclusion == 'success' && github.event.workflow_run.event == 'push') || github.event_name == 'workflow_dispatch'",
    );
    expect(deploy.steps.find((s) => s.uses?.startsWith("actions/checkout@"))?.with?.ref).toBe(
      "${{ github.event.workflow_run.head_sha || github.sha }}",
    );
    expect(deploy.environment).toBe("${{ github.event_name == 'workflow_dispatch' && inputs.stack || 'staging' }}");
    const script = runs(deploy);
    expect(script.indexOf("preview:guard")).toBeLessThan(script.indexOf("pulumi up"));
    expect(script).toContain('pulumi up --stack "$STACK" --plan plan.json --yes --policy-pack infra/policy/pack');
    expect(script).toContain("pulumi stack output taskDefinitionArn");
    expect(script).toContain("rolloutState");
  });

  it("documents the OIDC trust subject of every role-assuming job: its environment, exact repository, aws audience", () => {
    const readme = readFileSync(path.join(repoRoot, "infra/README.md"), "utf8");
    const environments = ["staging-preview", "production-preview", "staging", "production"];
    for (const [name, j] of Object.entries(workflow.jobs).filter(([, j]) =>
      j.steps.some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@")),
    ))
      // A job naming an environment gets the token subject `repo:<owner>/<repo>:environment:<name>`.
      expect(j.environment, name).toBeDefined();
    for (const environment of environments) expect(readme).toContain(`\`repo:OWNER/REPO:environment:${environment}\``);
    expect(readme).toContain('"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"');
    expect(readme).toMatch(/"StringEquals"/);
    expect(readme).not.toMatch(/repo:[^`\s]*:pull_request`|repo:[^`\s]*\*/);
  });

  it("runs every piped command with pipefail, so a failing guard or preview fails its step", () => {
    expect(Object.values(workflow.jobs).some((j) => j.steps.some((s) => s.run && hasPipe(s.run)))).toBe(true);
    expect(pipesWithoutPipefail(workflow)).toEqual([]);
    // The check itself: without the explicit shell, the guard's `| tee guard.txt` is reported.
    const implicitShell = { ...workflow, defaults: undefined };
    expect(pipesWithoutPipefail(implicitShell)).toEqual(
      expect.arrayContaining(["preview: Fail when a stateful resource would be replaced or deleted"]),
    );
    expect(hasPipe("a || b")).toBe(false);
    expect(hasPipe("x=${{ a || 'b' }}")).toBe(false);
  });

  it("keeps secrets out of pull-request code that nobody reviewed: none workflow-wide, none in the plan job", () => {
    const references = secretReferences(workflow);
    expect(references.length).toBeGreaterThan(0);
    expect(references.filter((where) => where === "workflow" || where.startsWith("plan"))).toEqual([]);
    // Only the steps that call Pulumi, in the preview and deploy jobs, which run in GitHub environments.
    for (const where of references) expect(where).toMatch(/^(preview|deploy)\//);
    for (const where of references) expect(workflow.jobs[where.split("/")[0]!]?.environment).toBeDefined();
    for (const [jobName, j] of Object.entries(workflow.jobs))
      for (const s of j.steps.filter((step) => JSON.stringify(step).includes("secrets.")))
        expect(s.run ?? "", `${jobName}/${s.name ?? ""}`).toMatch(/pulumi /);
    // The check itself: a workflow-wide secret is reported.
    expect(secretReferences({ ...workflow, env: { X: "${{ secrets.X }}" } })).toContain("workflow");
  });

  it("previews pull requests only from branches of this repository, in the reviewed *-preview environments", () => {
    const preview = job("preview");
    expect(preview.if).toContain("github.event_name == 'pull_request'");
    expect(preview.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(preview.environment).toBe("${{ matrix.stack }}-preview");
    expect(workflow.on).not.toHaveProperty("pull_request_target");
    const readme = readFileSync(path.join(repoRoot, "infra/README.md"), "utf8");
    expect(readme).toMatch(/`staging-preview` and `production-preview`[^.]*required reviewers/);
    expect(readme).toMatch(/`staging` and `production`[^.]*only `main`/);
    // Belt and braces if the environment's branch policy is missing: the deploy job's first step refuses.
    const first = job("deploy").steps[0];
    expect(first?.if).toBe("github.ref != 'refs/heads/main'");
    expect(first?.run).toMatch(/exit 1/);
  });

  it("deploys exactly the plan the guard checked: preview --save-plan, guard, up --plan", () => {
    const deploy = job("deploy");
    const script = runs(deploy);
    const save = script.search(/pulumi preview --stack "\$STACK" --json --save-plan plan\.json [^\n]*> preview\.json/);
    const guard = script.indexOf("npm run --silent preview:guard -- preview.json");
    const up = script.indexOf('pulumi up --stack "$STACK" --plan plan.json');
    expect(save).toBeGreaterThanOrEqual(0);
    expect(guard).toBeGreaterThan(save);
    expect(up).toBeGreaterThan(guard);
    expect(script.match(/pulumi up /g)).toHaveLength(1);
  });

  it("tells the program which commit it deploys, the same one it checked out", () => {
    expect(job("preview").env?.RUSTY_SAAS_IMAGE_REVISION).toBe("${{ github.event.pull_request.head.sha }}");
    const deploy = job("deploy");
    expect(deploy.env?.RUSTY_SAAS_IMAGE_REVISION).toBe(
      deploy.steps.find((s) => s.uses?.startsWith("actions/checkout@"))?.with?.ref,
    );
  });

  it("names only scripts and paths that exist", () => {
    const scripts = (
      JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }
    ).scripts;
    for (const script of source.matchAll(/npm run --silent ([a-z:]+)/g))
      expect(scripts[script[1]!], script[1]).toBeDefined();
    expect(readFileSync(path.join(repoRoot, "infra/policy/pack/PulumiPolicy.yaml"), "utf8")).toContain(
      "runtime: nodejs",
    );
  });

  it("logs Docker in to ECR before the preview and the up of every job that builds the image", () => {
    const building = Object.entries(workflow.jobs).filter(([, j]) =>
      j.steps.some((s) => /pulumi up /.test(s.run ?? "")),
    );
    expect(building.map(([name]) => name)).toEqual(["deploy"]);
    for (const [name, j] of building) {
      const index = (pattern: RegExp) => j.steps.findIndex((s) => pattern.test(s.run ?? ""));
      const login = j.steps.findIndex(
        (s) =>
          /aws ecr get-login-password/.test(s.run ?? "") &&
          /docker login --username AWS --password-stdin/.test(s.run ?? ""),
      );
      const credentials = j.steps.findIndex((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      expect(login, name).toBeGreaterThan(credentials);
      expect(login, name).toBeLessThan(index(/pulumi preview /));
      expect(login, name).toBeLessThan(index(/pulumi up /));
    }
  });

  it("builds on a docker-container builder named as the program names it, which can export the registry cache", () => {
    const buildx = job("deploy").steps.find((s) => s.uses?.startsWith("docker/setup-buildx-action@"));
    expect(buildx?.with).toMatchObject({ name: imageBuilderName, driver: "docker-container" });
  });

  it("comments the plan only on pull requests from this repository (a fork's token cannot), and always summarises it", () => {
    const plan = job("plan");
    const comment = plan.steps.find((s) => s.uses?.startsWith("actions/github-script@"));
    expect(comment?.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    const summary = plan.steps.findIndex((s) => /plan-comment\.md >> "\$GITHUB_STEP_SUMMARY"/.test(s.run ?? ""));
    expect(summary).toBeGreaterThanOrEqual(0);
    expect(plan.steps[summary]?.if).toBeUndefined();
  });

  it("runs, on staging after pulumi up, exactly the checks infra/AWS-CONSTRAINTS.md lists to verify on first deploy", () => {
    const deploy = job("deploy");
    const verify = deploy.steps.findIndex((s) => s.name === "Verify on the real account what the mocks cannot");
    const up = deploy.steps.findIndex((s) => /pulumi up /.test(s.run ?? ""));
    expect(verify).toBeGreaterThan(up);
    const step = deploy.steps[verify]!;
    expect(step.if).toBe("env.STACK == 'staging'");
    const lines = (step.run ?? "")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    const inWorkflow = lines.filter((line) => line.startsWith("expect "));
    const listed = firstDeployChecks();
    expect(inWorkflow.length).toBe(listed.size);
    for (const line of listed.values()) expect(inWorkflow, line).toContain(line);
    expect(lines.at(-1)).toBe('exit "$failed"');
  });

  it("passes shellcheck on the deploy job's scripts (GitHub expressions stood in for)", () => {
    const scripts = job("deploy")
      .steps.filter((s) => s.run !== undefined)
      .map((s) => s.run!.replace(/\$\{\{[^}]*\}\}/g, "placeholder"));
    const script = `#!/usr/bin/env bash\nset -eo pipefail\n${scripts.join("\n")}\n`;
    // shellcheck is installed by .ci/run; the test fails, not skips, without it.
    const shellcheck = (text: string) => {
      try {
        return execFileSync("shellcheck", ["--severity=warning", "-"], { input: text, encoding: "utf8" });
      } catch (error) {
        const failure = error as { stdout?: string; message: string };
        return failure.stdout || failure.message;
      }
    };
    expect(shellcheck(script)).toBe("");
    // The check itself: a warning is reported.
    expect(shellcheck("#!/usr/bin/env bash\ncd somewhere\n")).toMatch(/SC2164/);
  });
});
