// The committed routing as Alertmanager itself reads it: amtool check-config is clean, and amtool's route tester
// sends each kind of alert to the receiver operators expect, per environment.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { alertRules, monitoringRoot } from "./support/rule-catalog.js";
import { runTool } from "./support/prometheus-tools.js";

const configFile = path.join(monitoringRoot, "alertmanager.yml");

function routeOf(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}=${value}`);
  const result = runTool("amtool", ["config", "routes", "test", `--config.file=${configFile}`, ...pairs]);
  expect(result.code, result.output).toBe(0);
  return result.output.replace(/Warning:[^\n]*\n?/g, "").trim();
}

describe("Alertmanager routing", { timeout: 120_000 }, () => {
  it("passes amtool check-config", () => {
    const result = runTool("amtool", ["check-config", configFile]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("SUCCESS");
    expect(result.output).toMatch(/2 inhibit rules/);
  });

  it.each([
    [{ alertname: "ApiAvailabilityErrorBudgetBurn", severity: "page", environment: "production" }, "page"],
    [{ alertname: "ApiAvailabilityErrorBudgetBurn", severity: "ticket", environment: "production" }, "ticket"],
    [{ alertname: "ApiTargetDown", severity: "page", environment: "staging" }, "ticket"],
    [{ alertname: "ApiMetricsAbsent", severity: "page", job: "api" }, "page"],
    [{ alertname: "Watchdog", severity: "info", environment: "production" }, "deadman"],
    [{ alertname: "Watchdog", severity: "info", environment: "staging" }, "deadman"],
    [{ alertname: "Watchdog", severity: "info" }, "deadman"],
    [{ alertname: "SomethingNew", severity: "info", environment: "staging" }, "info"],
    [{ alertname: "SomethingNew", severity: "info", environment: "production" }, "info"],
    [{ alertname: "SomethingNew", severity: "critical", environment: "production" }, "ticket"],
  ])("routes %o to %s", (labels, receiver) => {
    expect(routeOf(labels)).toBe(receiver);
  });

  it("routes every committed alert by its own severity in production", () => {
    const expected = { page: "page", ticket: "ticket", info: "info" } as Record<string, string>;
    for (const rule of alertRules()) {
      const receiver = rule.alert === "Watchdog" ? "deadman" : expected[rule.labels.severity!];
      expect(
        routeOf({ alertname: rule.alert, severity: rule.labels.severity!, environment: "production" }),
        rule.alert,
      ).toBe(receiver);
    }
  });
});
