// Alerts ↔ runbooks, both ways: every CloudWatch alarm and every Prometheus alert has its page under
// runbooks/alerts/, named after it, with the six sections operators expect in order (Meaning, Impact, Diagnosis,
// Mitigation, Verification, Escalation), exact queries or commands in Diagnosis and Verification; and every page
// there belongs to an alarm or an alert that exists (no orphan pages). CloudWatch alarms carry no severity label,
// so each of their pages opens Escalation with its P-level, which must agree with the examples of
// runbooks/incident-response.md. Saved Logs Insights queries and the runbooks name each other.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { alarmPlan, runbookPath } from "../../infra/monitoring/alarm-plan.js";
import { deadMansSwitchAlarm } from "../../infra/monitoring/dead-mans-switch-plan.js";
import { logQueries } from "../../infra/monitoring/log-queries-plan.js";
import { alertNames } from "../../monitoring/support/rule-catalog.js";
import { recordedStack, stackNames } from "./harness/recorded-stacks.js";
import { repoRoot } from "./harness/stack-harness.js";
import { input, ofType } from "./harness/stack-queries.js";

const sections = ["Meaning", "Impact", "Diagnosis", "Mitigation", "Verification", "Escalation"];
/** An exact command or query: a code span of some length, or a fenced block. */
const exactCommand = /`[^`\n]{8,}`|^\s*```/m;

/** A context with replicas and several cache nodes, so every alarm kind appears (a test holds it to the stacks). */
const cloudWatchKeys = [
  ...new Set(
    [
      ...alarmPlan({
        prefix: "p",
        loadBalancer: "lb",
        targetGroup: "tg",
        clusterName: "c",
        serviceName: "s",
        database: {
          primary: "p-db",
          replicas: ["p-db-replica-1"],
          instanceClass: "db.t4g.medium",
          replicaInstanceClass: "db.t4g.medium",
          allocatedStorageGiB: 20,
          maxConnections: 337,
        },
        cacheNodes: ["p-cache-001", "p-cache-002"],
      }),
      deadMansSwitchAlarm("p"),
    ].map((alarm) => alarm.key),
  ),
].sort();
const prometheusAlerts = alertNames();
const pagesDir = path.join(repoRoot, "runbooks/alerts");
const pages = readdirSync(pagesDir).filter((file) => file.endsWith(".md"));

function sectionBodies(markdown: string): Map<string, string> {
  const bodies = new Map<string, string>();
  const parts = markdown.split(/^## /m).slice(1);
  for (const part of parts) {
    const [title = "", ...rest] = part.split("\n");
    bodies.set(title.trim(), rest.join("\n").trim());
  }
  return bodies;
}

function checkPage(key: string): Map<string, string> {
  const file = path.join(repoRoot, runbookPath(key));
  expect(existsSync(file), `${runbookPath(key)} is missing: every alert needs its page`).toBe(true);
  const markdown = readFileSync(file, "utf8");
  expect(markdown.split("\n")[0]).toBe(`# ${key}`);
  const bodies = sectionBodies(markdown);
  expect([...bodies.keys()], `${key}: the six sections, in order`).toEqual(sections);
  for (const section of sections)
    expect(bodies.get(section)?.length, `${key}: ${section} is empty`).toBeGreaterThan(20);
  for (const section of ["Diagnosis", "Verification"])
    expect(bodies.get(section), `${key}: ${section} names no exact query or command`).toMatch(exactCommand);
  return bodies;
}

/** The P-level an Escalation section opens with (`- **P2** in production …`). */
function openingLevel(escalation: string): string | undefined {
  return /^(?:- )?\*\*(P[1-4])\*\*/.exec(escalation)?.[1];
}

/** Alert keys named as examples in each row of incident-response.md's severity table. */
function severityExamples(): Map<string, string> {
  const markdown = readFileSync(path.join(repoRoot, "runbooks/incident-response.md"), "utf8");
  const examples = new Map<string, string>();
  for (const row of markdown.matchAll(/^\| \*\*(P[1-4])\*\* \|([^\n]*)$/gm)) {
    const level = row[1] ?? "";
    for (const key of (row[2] ?? "").matchAll(/`([A-Z][A-Za-z0-9]+)`/g)) examples.set(key[1] ?? "", level);
  }
  return examples;
}

describe("alert runbooks", () => {
  it("checks exactly the alarm kinds the stacks create (its sample context misses none, invents none)", async () => {
    const runs = [];
    for (const stack of stackNames) runs.push(await recordedStack(stack));
    const inStacks = runs.flatMap((run) =>
      ofType(run, "aws:cloudwatch/metricAlarm:MetricAlarm").map(
        (alarm) => /Runbook: runbooks\/alerts\/(\w+)\.md$/.exec(input<string>(alarm, "alarmDescription"))?.[1],
      ),
    );
    expect([...new Set(inStacks)].sort()).toEqual(cloudWatchKeys);
  });

  it("checks every alert the rule files define, found without the rule parser, and no alarm shares a name", () => {
    const defined = readdirSync(path.join(repoRoot, "monitoring/rules"))
      .filter((file) => /\.ya?ml$/.test(file))
      .flatMap((file) => [
        ...readFileSync(path.join(repoRoot, "monitoring/rules", file), "utf8").matchAll(/^\s*- alert:\s*(\S+)\s*$/gm),
      ])
      .map((match) => match[1]!);
    expect(defined.length).toBeGreaterThan(0);
    expect([...prometheusAlerts].sort()).toEqual([...new Set(defined)].sort());
    expect(cloudWatchKeys.filter((key) => prometheusAlerts.includes(key))).toEqual([]);
  });

  it.each(cloudWatchKeys)("CloudWatch alarm %s has a page of the fixed shape that says its P-level", (key) => {
    const bodies = checkPage(key);
    expect(openingLevel(bodies.get("Escalation") ?? ""), `${key}: Escalation opens with no **P1**–**P4**`).toMatch(
      /^P[1-4]$/,
    );
  });

  it.each(prometheusAlerts)("Prometheus alert %s has a page of the fixed shape", (key) => {
    checkPage(key);
  });

  it("gives each CloudWatch alarm the P-level incident-response.md names it under", () => {
    const examples = severityExamples();
    const named = cloudWatchKeys.filter((key) => examples.has(key));
    expect(named.length, "the severity table names CloudWatch alarms as examples").toBeGreaterThanOrEqual(5);
    for (const key of named) {
      const escalation = sectionBodies(readFileSync(path.join(repoRoot, runbookPath(key)), "utf8")).get("Escalation");
      expect(openingLevel(escalation ?? ""), `${key}: P-level against incident-response.md`).toBe(examples.get(key));
    }
  });

  it("has no page without its alarm or alert", () => {
    const known = new Set([...cloudWatchKeys, ...prometheusAlerts]);
    expect(pages.filter((page) => !known.has(page.replace(/\.md$/, "")))).toEqual([]);
  });

  it("names every saved Logs Insights query in some runbook, and only saved ones", () => {
    const text = pages.map((page) => readFileSync(path.join(pagesDir, page), "utf8")).join("\n");
    const named = new Set(
      [...text.matchAll(/saved (?:Logs Insights )?query `rusty-saas-<env>\/([a-z-]+)`/g)].map((m) => m[1]),
    );
    expect([...named].sort()).toEqual(logQueries.map((query) => query.key).sort());
  });
});
