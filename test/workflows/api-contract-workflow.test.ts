// The pull-request check for breaking API changes cannot run here, so its shape is checked: a valid workflow that
// builds the OpenAPI document on base and head with the repository's own command, installs a pinned oasdiff,
// fails on a breaking change, and lets only the `api-breaking-change-intended` label through.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string | boolean>;
  "working-directory"?: string;
}
interface Workflow {
  on: { pull_request?: { types: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, { env: Record<string, string>; steps: Step[]; "timeout-minutes": number }>;
}

const repositoryRoot = path.resolve(import.meta.dirname, "../..");
const source = readFileSync(path.join(repositoryRoot, ".github/workflows/api-contract.yml"), "utf8");
const workflow = parse(source) as Workflow;
const job = workflow.jobs["breaking-changes"]!;
const steps = job.steps;
const stepRunning = (command: RegExp) => steps.find((step) => command.test(step.run ?? ""));

describe("the API contract workflow", () => {
  it("is a valid GitHub workflow that runs on pull requests, again when labels change, reading only", () => {
    const result = validateWorkflow(source) as { errors: unknown[] };
    expect(result.errors).toEqual([]);
    expect(workflow.on.pull_request?.types).toEqual(
      expect.arrayContaining(["opened", "synchronize", "labeled", "unlabeled"]),
    );
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(job["timeout-minutes"]).toBeLessThanOrEqual(30);
  });

  it("checks out the base and the head commits of the pull request side by side", () => {
    const checkouts = steps.filter((step) => step.uses?.startsWith("actions/checkout@"));
    expect(checkouts.map((step) => [step.with?.ref, step.with?.path])).toEqual([
      ["${{ github.event.pull_request.base.sha }}", "base"],
      ["${{ github.event.pull_request.head.sha }}", "head"],
    ]);
  });

  it("generates both documents with the repository's own command, which exists", () => {
    expect(existsSync(path.join(repositoryRoot, "app/openapi-command.ts"))).toBe(true);
    for (const side of ["base", "head"]) {
      const step = steps.find(
        (candidate) =>
          candidate["working-directory"] === side &&
          /npx tsx app\/openapi-command\.ts "\$RUNNER_TEMP\/\w+\.json"/.test(candidate.run ?? ""),
      );
      expect(step, side).toBeDefined();
    }
  });

  it("installs oasdiff at a pinned release, checksummed by the Go module system", () => {
    expect(job.env.OASDIFF_VERSION).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(stepRunning(/go install "github\.com\/oasdiff\/oasdiff@\$\{OASDIFF_VERSION\}"/)).toBeDefined();
  });

  it("fails on a breaking change unless the pull request is labelled api-breaking-change-intended", () => {
    const gate = stepRunning(/oasdiff" breaking /)!;
    expect(gate.run).toMatch(/--fail-on ERR/);
    expect(gate.run).toMatch(/exit 1/);
    expect(gate.env?.INTENDED).toBe(
      "${{ contains(github.event.pull_request.labels.*.name, 'api-breaking-change-intended') }}",
    );
    expect(job.env.BREAKING_LABEL).toBe("api-breaking-change-intended");
    // Label names reach the script as an environment value only, never spliced into the shell text.
    expect(gate.run).not.toMatch(/\$\{\{/);
  });

  it("writes the changelog to the job summary", () => {
    expect(stepRunning(/oasdiff" changelog .*>>|GITHUB_STEP_SUMMARY/s)?.run).toMatch(/GITHUB_STEP_SUMMARY/);
  });
});
