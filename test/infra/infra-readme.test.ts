// infra/README.md's "What each stack deploys" states figures a reader relies on (how many alarms, which
// max_connections, what budget): each is read out of the README and compared with the mocked run of its stack,
// so a change to the program that moves a figure fails here until the README says so too.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recordedStack, type StackName } from "./harness/recorded-stacks.js";
import { repoRoot, type StackRun } from "./harness/stack-harness.js";
import { input, ofType, one } from "./harness/stack-queries.js";

const readme = readFileSync(path.join(repoRoot, "infra/README.md"), "utf8");
const deploysSection = readme.slice(readme.indexOf("## What each stack deploys"), readme.indexOf("## Running"));

/** The staging and production cells of the table row labelled `label` (the first such row). */
function row(label: string): Record<StackName, string> {
  const line = deploysSection.split("\n").find((text) => text.startsWith(`| ${label} |`));
  if (!line) throw new Error(`infra/README.md has no "${label}" row under "What each stack deploys"`);
  const [, staging = "", production = ""] = line.slice(2, -2).split(" | ");
  return { staging, production };
}

function figure(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  if (!match?.[1]) throw new Error(`no figure matching ${pattern} in "${text}"`);
  return Number(match[1]);
}

const stacks = async (): Promise<Record<StackName, StackRun>> => ({
  staging: await recordedStack("staging"),
  production: await recordedStack("production"),
});

describe("infra/README.md, what each stack deploys", () => {
  it("counts the CloudWatch alarms each stack creates", async () => {
    const runs = await stacks();
    const monitoring = row("monitoring");
    expect(figure(monitoring.staging, /(\d+) CloudWatch alarms/)).toBe(
      ofType(runs.staging, "aws:cloudwatch/metricAlarm:MetricAlarm").length,
    );
    expect(figure(monitoring.production, /(\d+) alarms/)).toBe(
      ofType(runs.production, "aws:cloudwatch/metricAlarm:MetricAlarm").length,
    );
    expect(figure(monitoring.staging, /(\d+) saved Logs Insights queries/)).toBe(
      ofType(runs.staging, "aws:cloudwatch/queryDefinition:QueryDefinition").length,
    );
  });

  it("states each stack's budget and max_connections", async () => {
    const runs = await stacks();
    const budget = (run: StackRun) => Number(input(one(run, "aws:budgets/budget:Budget"), "limitAmount"));
    expect(figure(row("monitoring").staging, /budget (\d+) USD/)).toBe(budget(runs.staging));
    expect(figure(row("monitoring").production, /budget (\d+) USD/)).toBe(budget(runs.production));
    const maxConnections = (run: StackRun) =>
      Number(
        input<{ name: string; value: string }[]>(one(run, "aws:rds/parameterGroup:ParameterGroup"), "parameters").find(
          (parameter) => parameter.name === "max_connections",
        )?.value,
      );
    const stated = /`max_connections` set explicitly \((\d+) \/ (\d+)\)/.exec(row("both").staging);
    expect([Number(stated?.[1]), Number(stated?.[2])]).toEqual([
      maxConnections(runs.staging),
      maxConnections(runs.production),
    ]);
  });

  it("states each stack's replicas and task counts", async () => {
    const runs = await stacks();
    const replicas = (run: StackRun) =>
      ofType(run, "aws:rds/instance:Instance").filter((instance) => input(instance, "replicateSourceDb")).length;
    expect(figure(row("database").staging, /(\d+) replica/)).toBe(replicas(runs.staging));
    expect(figure(row("database").production, /(\d+) replicas/)).toBe(replicas(runs.production));
    for (const stack of ["staging", "production"] as const) {
      const scaling = one(runs[stack], "aws:appautoscaling/target:Target");
      const [, min, max] = /(\d+)–(\d+) tasks/.exec(row("service")[stack]) ?? [];
      expect([Number(min), Number(max)], stack).toEqual([input(scaling, "minCapacity"), input(scaling, "maxCapacity")]);
    }
  });
});
