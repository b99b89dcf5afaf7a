import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { alertManagerDefinition, loadRuleFiles, routesForEnvironment } from "./prometheus-plan.js";

const topics = { alarms: "arn:aws:sns:eu-west-1:1:alarms", watchdog: "arn:aws:sns:eu-west-1:1:watchdog" };
const committedRouting = readFileSync(path.resolve(import.meta.dirname, "../../monitoring/alertmanager.yml"), "utf8");

interface Config {
  route: { receiver: string; routes: { matchers?: string[]; receiver: string }[] };
  receivers: { name: string; sns_configs?: Record<string, unknown>[] }[];
  inhibit_rules: unknown[];
}

function configOf(definition: string): Config {
  const document = parse(definition) as Record<string, string>;
  expect(Object.keys(document)).toEqual(["alertmanager_config"]);
  return parse(document.alertmanager_config!) as Config;
}

describe("Prometheus plan", () => {
  it("loads rule files in name order, skips promtool tests and refuses non-rule YAML", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rules-"));
    writeFileSync(path.join(dir, "slo.yml"), "groups:\n  - name: slo\n    rules: []\n");
    writeFileSync(path.join(dir, "api.yaml"), "groups: []\n");
    writeFileSync(path.join(dir, "slo.test.yml"), "rule_files: [slo.yml]\ntests: []\n");
    expect(loadRuleFiles(dir).map((f) => f.name)).toEqual(["api", "slo"]);
    writeFileSync(path.join(dir, "broken.yml"), "rules: []\n");
    expect(() => loadRuleFiles(dir)).toThrow(/broken.yml has no top-level groups/);
    expect(loadRuleFiles(path.join(dir, "missing"))).toEqual([]);
  });

  it("keeps the committed routing tree and inhibitions, and gives pages and tickets the alarm topic, the Watchdog the watchdog topic", () => {
    const config = configOf(alertManagerDefinition(committedRouting, topics, "eu-west-1", "production"));
    const committed = parse(committedRouting) as Config;
    expect(config.inhibit_rules).toEqual(committed.inhibit_rules);
    const topicOf = Object.fromEntries(
      config.receivers.map((r) => [r.name, r.sns_configs?.map((c) => c.topic_arn) ?? []]),
    );
    expect(topicOf).toEqual({ page: [topics.alarms], ticket: [topics.alarms], deadman: [topics.watchdog], info: [] });
    for (const receiver of config.receivers)
      for (const sns of receiver.sns_configs ?? []) {
        expect(sns).toMatchObject({ sigv4: { region: "eu-west-1" }, attributes: { receiver: receiver.name } });
        expect(Object.keys(sns)).not.toContain("api_url");
        expect(Object.keys(sns)).not.toContain("http_config");
        // SNS subjects: ASCII, at most 100 characters once rendered (with a 40-character alert name).
        const rendered = String(sns.subject)
          .replace("{{ .CommonLabels.alertname }}", "x".repeat(40))
          .replace("{{ .Status }}", "resolved")
          .replace("{{ .CommonLabels.severity }}", "ticket");
        expect(rendered).toMatch(/^[\x20-\x7e]+$/);
        expect(rendered.length).toBeLessThanOrEqual(100);
      }
  });

  it("keeps an environment's branch only on that environment's stack, without its matcher", () => {
    const staging = configOf(alertManagerDefinition(committedRouting, topics, "eu-west-1", "staging"));
    const production = configOf(alertManagerDefinition(committedRouting, topics, "eu-west-1", "production"));
    const stagingBranch = staging.route.routes.find((route) => route.matchers === undefined);
    expect(stagingBranch?.receiver).toBe("ticket");
    expect(JSON.stringify(production.route.routes)).not.toContain("staging");
    expect(production.route.routes.map((route) => route.receiver)).toEqual(["deadman", "page", "ticket", "info"]);
    expect(staging.route.routes.map((route) => route.receiver)).toEqual([
      "deadman",
      "ticket",
      "page",
      "ticket",
      "info",
    ]);
  });

  it("leaves routes whose matchers are not a lone environment untouched", () => {
    const routes = [{ matchers: ['environment="staging"', 'severity="page"'], receiver: "x" }];
    expect(routesForEnvironment(routes, "production")).toEqual(routes);
  });

  it("refuses a receiver it has no topic for, naming it", () => {
    const routing = "route:\n  receiver: slack\nreceivers:\n  - name: slack\n";
    expect(() => alertManagerDefinition(routing, topics, "eu-west-1", "staging")).toThrow(
      /receiver "slack" has no SNS topic/,
    );
  });
});
