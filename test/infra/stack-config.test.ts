// Staging and production differ only by config, and bad config fails before anything is created, naming its key.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { settingsByTarget } from "../../infra/config-settings.js";
import { declaredKeys, declaredRows, readSettingsTable, settingsTableProblems } from "../../infra/config-table.js";
import { deployTargets, type DeployTarget } from "../../infra/shared-settings.js";
import { recordedStack } from "./harness/recorded-stacks.js";
import { invokeAnswers } from "./harness/mock-cloud.js";
import { repoRoot, runStack, type StackRun } from "./harness/stack-harness.js";

function normalized(run: StackRun): unknown[] {
  const scrub = (text: string) => text.replaceAll(`urn:pulumi:${run.stack}::`, "urn:pulumi:STACK::");
  return run.resources.map((r) => JSON.parse(scrub(JSON.stringify({ ...r, urn: r.urn }))) as unknown);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Every `Pulumi.<stack>.yaml` in the repository, whichever stacks exist. */
function stackFiles(): string[] {
  return readdirSync(repoRoot)
    .filter((file) => /^Pulumi\.[^.]+\.yaml$/.test(file))
    .sort();
}

describe("stack configuration", () => {
  it("sets exactly the declared keys of its target in every stack file, secret ones encrypted", () => {
    // The three stacks at least; a stack file added later is held to the same rule.
    expect(stackFiles()).toEqual(
      expect.arrayContaining(["Pulumi.local.yaml", "Pulumi.production.yaml", "Pulumi.staging.yaml"]),
    );
    for (const file of stackFiles()) {
      const document = parse(readFileSync(path.join(repoRoot, file), "utf8")) as { config: Record<string, unknown> };
      const target = document.config["rusty-saas:target"] as DeployTarget;
      expect(deployTargets, `${file}: rusty-saas:target`).toContain(target);
      const declared = declaredKeys(settingsByTarget[target]);
      const set = Object.keys(document.config);
      expect(
        declared.filter(({ key }) => !set.includes(key)).map(({ key }) => key),
        `${file} leaves out declared keys`,
      ).toEqual([]);
      expect(
        set.filter((key) => !declared.some((setting) => setting.key === key)),
        `${file} sets keys no setting declares`,
      ).toEqual([]);
      for (const { key, secret } of declared) {
        const value = document.config[key];
        const encrypted = typeof value === "object" && value !== null && "secure" in value;
        expect(encrypted, `${file}: ${key} ${secret ? "is secret: set it with --secret" : "is not secret"}`).toBe(
          secret,
        );
      }
    }
  });

  it("documents every declared setting in infra/README.md's table, and nothing else, exactly as declared", () => {
    const readme = readFileSync(path.join(repoRoot, "infra/README.md"), "utf8");
    expect(settingsTableProblems(readSettingsTable(readme), declaredRows())).toEqual([]);
  });

  it("yields identical resources when production's config runs under a decoy stack name", async () => {
    const decoy = await runStack({ configStack: "production", stackName: "decoy-not-production" });
    const production = await recordedStack("production");
    expect(decoy.resources.length).toBe(production.resources.length);
    expect(normalized(decoy)).toEqual(normalized(production));
    expect(decoy.outputs).toEqual(production.outputs);
    // A whole program run: seconds on a quiet machine, much longer on a loaded 2-core one.
  }, 120_000);

  it("reads Pulumi config only in infra/config.ts: components take typed settings", () => {
    const code = (file: string) =>
      readFileSync(file, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "");
    const readers = filesUnder(path.join(repoRoot, "infra"))
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
      .filter((file) => /\bpulumi\.Config\b|\bnew Config\(|runtime\.(getConfig|allConfig)\b/.test(code(file)))
      .map((file) => path.relative(repoRoot, file));
    expect(readers).toEqual(["infra/config.ts"]);
  });

  it("has no getStack() under infra/, and lint rejects one", async () => {
    for (const file of filesUnder(path.join(repoRoot, "infra")).filter((f) => f.endsWith(".ts"))) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/getStack\s*\(/);
    }
    const eslint = new ESLint({ cwd: repoRoot });
    const [result] = await eslint.lintText(
      'import * as pulumi from "@pulumi/pulumi";\nexport const stack = pulumi.getStack();\n',
      { filePath: path.join(repoRoot, "infra/probe-lint.ts") },
    );
    expect(result?.messages.map((m) => m.message)).toContain("Stacks differ only by config: no getStack() in infra/.");
  });
});

describe("the harness", () => {
  it("fails the run on an invoke it has no answer for, naming it", async () => {
    const token = "aws:route53/getZone:getZone";
    const answer = invokeAnswers[token];
    delete invokeAnswers[token];
    try {
      await expect(runStack({ configStack: "staging" })).rejects.toThrow(
        /unanswered invoke aws:route53\/getZone:getZone/,
      );
    } finally {
      if (answer) invokeAnswers[token] = answer;
    }
  });

  it("keeps runs started at once apart: Pulumi's runtime is global to the process, so they are queued", async () => {
    const [staging, production] = await Promise.all([
      runStack({ configStack: "staging" }),
      runStack({ configStack: "production" }),
    ]);
    expect(staging.resources.map((r) => r.urn)).toEqual((await recordedStack("staging")).resources.map((r) => r.urn));
    expect(production.resources.map((r) => r.urn)).toEqual(
      (await recordedStack("production")).resources.map((r) => r.urn),
    );
    // Two whole program runs: seconds on a quiet machine, much longer on a loaded 2-core one.
  }, 240_000);

  it("records every invoke the program makes", async () => {
    const run = await recordedStack("production");
    expect(new Set(run.invokes.map((i) => i.token))).toEqual(
      new Set([
        "aws:index/getAvailabilityZones:getAvailabilityZones",
        "aws:index/getCallerIdentity:getCallerIdentity",
        "aws:route53/getZone:getZone",
        "aws:elb/getServiceAccount:getServiceAccount",
      ]),
    );
  });
});

describe("bad configuration fails with a message naming the key", () => {
  const cases: [string, Record<string, string | undefined>, RegExp][] = [
    [
      "replicas out of range",
      { "rusty-saas:dbReplicaCount": "6" },
      /rusty-saas:dbReplicaCount: "6" must be an integer from 0 to 5/,
    ],
    [
      "backup retention under 7 days",
      { "rusty-saas:dbBackupRetentionDays": "3" },
      /rusty-saas:dbBackupRetentionDays: "3" must be an integer from 7 to 35/,
    ],
    [
      "more zones than the region has",
      { "rusty-saas:availabilityZoneCount": "4" },
      /rusty-saas:availabilityZoneCount: 4 zones requested but region eu-west-1 has 3 available/,
    ],
    [
      "a malformed VPC CIDR",
      { "rusty-saas:vpcCidr": "10.30.0.0/33" },
      /rusty-saas:vpcCidr: "10.30.0.0\/33" has a prefix above \/32/,
    ],
    [
      "a misaligned VPC CIDR",
      { "rusty-saas:vpcCidr": "10.30.1.0/16" },
      /rusty-saas:vpcCidr: "10.30.1.0\/16" is not aligned/,
    ],
    ["a missing required key", { "rusty-saas:dbInstanceClass": undefined }, /rusty-saas:dbInstanceClass: is required/],
    [
      "an unsupported log retention",
      { "rusty-saas:logRetentionDays": "10" },
      /rusty-saas:logRetentionDays: "10" must be one of 1, 3, 5/,
    ],
    [
      "cache failover on one node",
      { "rusty-saas:cacheNodeCount": "1" },
      /rusty-saas:cacheAutomaticFailover: needs cacheNodeCount of 2 or more/,
    ],
    ["a non-boolean flag", { "rusty-saas:dbMultiAz": "yes" }, /rusty-saas:dbMultiAz: "yes" must be true or false/],
    [
      "an unknown NAT mode",
      { "rusty-saas:natGateways": "two" },
      /rusty-saas:natGateways: "two" must be one of single, perAz/,
    ],
  ];

  it.each(cases)("rejects %s", async (_label, overrides, message) => {
    await expect(runStack({ configStack: "production", overrides })).rejects.toThrow(message);
  });

  it("reports every problem at once", async () => {
    const run = runStack({
      configStack: "staging",
      overrides: { "rusty-saas:dbReplicaCount": "9", "rusty-saas:vpcCidr": "nope", "aws:region": undefined },
    });
    await expect(run).rejects.toThrow(
      /3 problems[\s\S]*aws:region: is required[\s\S]*rusty-saas:vpcCidr[\s\S]*rusty-saas:dbReplicaCount/,
    );
  });
});
