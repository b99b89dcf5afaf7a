// Every CloudWatch alarm names a runbook page, and every such page exists with the fixed shape operators expect:
// Meaning, Impact, Diagnosis, Mitigation, in that order, none empty.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { alarmPlan, runbookPath } from "../../infra/monitoring/alarm-plan.js";
import { repoRoot } from "./harness/stack-harness.js";

const sections = ["Meaning", "Impact", "Diagnosis", "Mitigation"];

/** A context with replicas and several cache nodes, so every alarm kind appears. */
const everyAlarmKey = [
  ...new Set(
    alarmPlan({
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
      },
      cacheNodes: ["p-cache-001", "p-cache-002"],
    }).map((alarm) => alarm.key),
  ),
].sort();

/** Alert names of the Prometheus rule files under monitoring/, whose pages share runbooks/alerts/. */
function prometheusAlertNames(): string[] {
  const walk = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(path.join(folder, entry.name)) : [path.join(folder, entry.name)],
    );
  return walk(path.join(repoRoot, "monitoring"))
    .filter((file) => /\.ya?ml$/.test(file))
    .flatMap((file) => {
      const rules = parse(readFileSync(file, "utf8")) as { groups?: { rules?: { alert?: string }[] }[] } | null;
      return (rules?.groups ?? []).flatMap((group) => (group.rules ?? []).flatMap((rule) => rule.alert ?? []));
    });
}

function sectionBodies(markdown: string): Map<string, string> {
  const bodies = new Map<string, string>();
  const parts = markdown.split(/^## /m).slice(1);
  for (const part of parts) {
    const [title = "", ...rest] = part.split("\n");
    bodies.set(title.trim(), rest.join("\n").trim());
  }
  return bodies;
}

describe("alarm runbooks", () => {
  it("knows every alarm kind: each page in runbooks/alerts/ belongs to an alarm the context above produces", () => {
    // A page without an alarm here is either a retired alarm's or a kind this context fails to produce; both fail.
    const pages = readdirSync(path.join(repoRoot, "runbooks/alerts"))
      .filter((file) => file.endsWith(".md"))
      .map((file) => file.slice(0, -".md".length));
    const orphans = pages.filter((page) => !everyAlarmKey.includes(page) && !prometheusAlertNames().includes(page));
    expect(pages.length).toBeGreaterThan(0);
    expect(orphans).toEqual([]);
  });

  it.each(everyAlarmKey)("%s has a runbook page of the fixed shape", (key) => {
    const file = path.join(repoRoot, runbookPath(key));
    expect(existsSync(file), `${runbookPath(key)} is missing: every alarm needs its page`).toBe(true);
    const markdown = readFileSync(file, "utf8");
    expect(markdown.split("\n")[0]).toBe(`# ${key}`);
    const bodies = sectionBodies(markdown);
    expect([...bodies.keys()]).toEqual(sections);
    for (const section of sections)
      expect(bodies.get(section)?.length, `${key}: ${section} is empty`).toBeGreaterThan(20);
  });
});
