import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { alertManagerDefinition, loadRuleFiles } from "./prometheus-plan.js";

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

  it("keeps the routing tree and swaps every receiver for SNS", () => {
    const routing =
      "route:\n  receiver: pager\n  routes:\n    - matchers: ['severity=\"ticket\"']\n      receiver: tickets\nreceivers:\n  - name: pager\n    webhook_configs: [{ url: 'http://127.0.0.1:9999' }]\n  - name: tickets\n    webhook_configs: [{ url: 'http://127.0.0.1:9998' }]\n";
    const definition = parse(alertManagerDefinition(routing, "arn:aws:sns:eu-west-1:1:alarms", "eu-west-1")) as {
      alertmanager_config: string;
    };
    const config = parse(definition.alertmanager_config) as {
      route: { routes: unknown[] };
      receivers: Record<string, unknown>[];
    };
    expect(config.route.routes).toHaveLength(1);
    expect(config.receivers.map((r) => Object.keys(r).sort())).toEqual([
      ["name", "sns_configs"],
      ["name", "sns_configs"],
    ]);
    expect(config.receivers[0]).toMatchObject({
      name: "pager",
      sns_configs: [{ topic_arn: "arn:aws:sns:eu-west-1:1:alarms", sigv4: { region: "eu-west-1" } }],
    });
  });

  it("routes everything to SNS when no routing file exists", () => {
    const definition = parse(alertManagerDefinition(undefined, "arn:t", "eu-west-1")) as {
      alertmanager_config: string;
    };
    expect(parse(definition.alertmanager_config)).toMatchObject({
      route: { receiver: "sns" },
      receivers: [{ name: "sns", sns_configs: [{ topic_arn: "arn:t" }] }],
    });
  });
});
