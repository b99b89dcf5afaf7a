// What keeps third-party code honest before it runs: actions pinned to commits, a bot that proposes every update
// (npm, actions, the Docker base), CodeQL on our code and workflows, a gate on vulnerable production packages, and
// a bill of materials kept with every image build. GitHub runs these; here their shape is checked.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const repositoryRoot = path.resolve(import.meta.dirname, "../..");
const workflowsFolder = path.join(repositoryRoot, ".github/workflows");
const workflowFiles = readdirSync(workflowsFolder).filter((file) => file.endsWith(".yml"));
const read = (relative: string) => readFileSync(path.join(repositoryRoot, relative), "utf8");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown[]> };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}
const workflow = (file: string) => parse(read(`.github/workflows/${file}`)) as Workflow;

/** Every `uses:` line of every workflow, as written (the YAML parser would drop the version comment). */
function usesLines(): { file: string; line: string }[] {
  return workflowFiles.flatMap((file) =>
    read(`.github/workflows/${file}`)
      .split("\n")
      .filter((line) => /^\s*(- )?uses:/.test(line))
      .map((line) => ({ file, line: line.trim().replace(/^- /, "") })),
  );
}

describe("GitHub Actions pinning", () => {
  it("finds the workflows it checks", () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(["ci.yml", "infra.yml", "codeql.yml"]));
    expect(usesLines().length).toBeGreaterThan(20);
  });

  it("pins every third-party action to a full commit, with the release it is in a comment", () => {
    const unpinned = usesLines().filter(
      ({ line }) => !/^uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v?\d+\.\d+\.\d+$/.test(line) && !/^uses: \.\//.test(line),
    );
    expect(unpinned).toEqual([]);
  });

  it("uses one commit per action across all workflows, so an update moves them together", () => {
    const commitsByAction = new Map<string, Set<string>>();
    for (const { line } of usesLines()) {
      const [, action, commit] = /^uses: ([^@]+)@(\S+)/.exec(line)!;
      const repository = action!.split("/").slice(0, 2).join("/");
      commitsByAction.set(repository, (commitsByAction.get(repository) ?? new Set()).add(commit!));
    }
    const split = [...commitsByAction].filter(([, commits]) => commits.size > 1).map(([action]) => action);
    expect(split).toEqual([]);
  });
});

describe("Dependabot", () => {
  const config = parse(read(".github/dependabot.yml")) as {
    version: number;
    updates: { "package-ecosystem": string; directory?: string; directories?: string[] }[];
  };
  const covered = (ecosystem: string) =>
    config.updates
      .filter((update) => update["package-ecosystem"] === ecosystem)
      .flatMap((update) => update.directories ?? [update.directory!]);

  it("proposes updates for every npm manifest the repository has", () => {
    const manifests = ["/", "/.ci/node", "/infra/policy/pack"];
    for (const manifest of manifests)
      expect(existsSync(path.join(repositoryRoot, manifest, "package.json"))).toBe(true);
    expect(config.version).toBe(2);
    expect(covered("npm").sort()).toEqual(manifests.sort());
  });

  it("moves the pinned actions and the Dockerfile's base image too", () => {
    expect(covered("github-actions")).toEqual(["/"]);
    expect(covered("docker")).toEqual(["/"]);
    expect(read("Dockerfile")).toMatch(/^FROM node:\d+-slim/m);
  });
});

describe("CodeQL", () => {
  const codeql = workflow("codeql.yml");
  const job = Object.values(codeql.jobs)[0]!;

  it("is a valid workflow that analyzes our TypeScript and our workflows on pull requests, main and a schedule", () => {
    expect(validateWorkflow(read(".github/workflows/codeql.yml")).errors).toEqual([]);
    expect(Object.keys(codeql.on).sort()).toEqual(["pull_request", "push", "schedule"]);
    expect(job.strategy?.matrix?.language).toEqual(["javascript-typescript", "actions"]);
    const steps = job.steps.map((step) => step.uses?.split("@")[0]);
    expect(steps).toEqual(["actions/checkout", "github/codeql-action/init", "github/codeql-action/analyze"]);
  });

  it("may only read the code and write security events", () => {
    expect(codeql.permissions).toEqual({ contents: "read" });
    expect(job.permissions).toEqual({ contents: "read", "security-events": "write", actions: "read" });
  });
});

describe("vulnerable packages and the bill of materials", () => {
  it("fails CI on a high or critical advisory in a production dependency", () => {
    const runs = Object.values(workflow("ci.yml").jobs).flatMap((job) => job.steps.map((step) => step.run));
    expect(runs).toContain("npm audit --omit=dev --audit-level=high");
  });

  it("keeps the SBOM of every image build: CI's image job and each deploy upload one", () => {
    const uploads = (file: string) =>
      Object.values(workflow(file).jobs)
        .flatMap((job) => job.steps)
        .filter((step) => step.uses?.startsWith("actions/upload-artifact@") && step.with?.path === "sbom.cdx.json");
    expect(uploads("ci.yml")).toHaveLength(1);
    expect(uploads("infra.yml")).toHaveLength(1);
    expect(read("Dockerfile")).toMatch(/^RUN npx cyclonedx-npm --omit dev .*--output-file sbom\.cdx\.json$/m);
    expect(read("Dockerfile")).toMatch(/^COPY --from=build \/src\/sbom\.cdx\.json \.\/sbom\.cdx\.json$/m);
    const infraSbom = Object.values(workflow("infra.yml").jobs)
      .flatMap((job) => job.steps)
      .find((step) => step.run?.startsWith("npx cyclonedx-npm"));
    // The deploy's copy is made with exactly the Dockerfile's flags, so it is the same document.
    const dockerfileFlags = /^RUN npx cyclonedx-npm (.*)$/m.exec(read("Dockerfile"))![1];
    expect(infraSbom?.run).toBe(`npx cyclonedx-npm ${dockerfileFlags}`);
  });
});
