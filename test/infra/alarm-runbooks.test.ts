// Every CloudWatch alarm names a runbook page, and every such page exists with the fixed shape operators expect:
// Meaning, Impact, Diagnosis, Mitigation, in that order, none empty.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
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
  it("knows every alarm kind", () => {
    expect(everyAlarmKey.length).toBe(20);
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
