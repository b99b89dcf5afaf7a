// .github/workflows/infra.yml cannot run here, so its shape is checked: valid against GitHub's workflow schema
// (@action-validator/core), previews on pull requests for both stacks, stateful-resource guard, OIDC only,
// staging from main and production only by dispatch through its protected environment.
import { readFileSync } from "node:fs";
import path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "./harness/stack-harness.js";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
}

interface Job {
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown[]> };
  steps: Step[];
}

const file = path.join(repoRoot, ".github/workflows/infra.yml");
const source = readFileSync(file, "utf8");
const workflow = parse(source) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};
const job = (name: string): Job => {
  const found = workflow.jobs[name];
  if (!found) throw new Error(`no job ${name}`);
  return found;
};
const runs = (j: Job) => j.steps.map((s) => s.run ?? "").join("\n");

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

  it("renders and comments the credential-free plan diff of both stacks on every pull request", () => {
    const plan = job("plan");
    expect(plan.if).toContain("pull_request");
    expect(plan.strategy?.matrix?.stack).toEqual(["staging", "production"]);
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
    expect(script).toContain('pulumi up --stack "$STACK" --yes --policy-pack infra/policy/pack');
    expect(script).toContain("pulumi stack output taskDefinitionArn");
    expect(script).toContain("rolloutState");
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
});
