// Alerts ↔ runbooks, both ways: every CloudWatch alarm and every Prometheus alert has its page under
// runbooks/alerts/, named after it, of the fixed shape operators expect; and every page there belongs to an alarm
// or an alert that exists (no orphan pages). Prometheus pages also carry Verification and Escalation, and their
// Diagnosis gives exact queries or commands. Saved Logs Insights queries and the runbooks name each other.
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

const coreSections = ["Meaning", "Impact", "Diagnosis", "Mitigation"];
const fullSections = [...coreSections, "Verification", "Escalation"];

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

function checkPage(key: string, required: readonly string[]): Map<string, string> {
  const file = path.join(repoRoot, runbookPath(key));
  expect(existsSync(file), `${runbookPath(key)} is missing: every alert needs its page`).toBe(true);
  const markdown = readFileSync(file, "utf8");
  expect(markdown.split("\n")[0]).toBe(`# ${key}`);
  const bodies = sectionBodies(markdown);
  const titles = [...bodies.keys()];
  expect(titles.slice(0, required.length), `${key}: sections`).toEqual(required);
  expect(fullSections.slice(0, titles.length), `${key}: only the known sections, in order`).toEqual(titles);
  for (const section of titles) expect(bodies.get(section)?.length, `${key}: ${section} is empty`).toBeGreaterThan(20);
  return bodies;
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

  it.each(cloudWatchKeys)("CloudWatch alarm %s has a page of the fixed shape", (key) => {
    checkPage(key, coreSections);
  });

  it.each(prometheusAlerts)("Prometheus alert %s has a full page with exact queries or commands", (key) => {
    const bodies = checkPage(key, fullSections);
    expect(bodies.get("Diagnosis"), `${key}: Diagnosis names no query or command`).toMatch(/`[^`]{8,}`/);
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
