// The rule files as operators and Managed Prometheus get them: promtool finds them clean, every promtool unit test
// passes, every alerting rule is unit-tested (fires exactly when its `for` elapses, silent on a near miss), every
// alert carries the labels and annotations on-call needs, and the SLO rules are exactly the generator's output.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { sloRulePath } from "./slo/generate-slo-rules.js";
import { sloRuleFile } from "./slo/slo-rules.js";
import { dashboardUids } from "./dashboards/dashboard-uids.js";
import { runTool } from "./support/prometheus-tools.js";
import {
  alertEvaluations,
  alertRules,
  minutesOf,
  ruleFileNames,
  ruleTestFile,
  ruleTestFileNames,
  rulesDir,
  ruleTestsDir,
  type AlertEvaluation,
  type AlertRule,
} from "./support/rule-catalog.js";

const repoRoot = path.resolve(rulesDir, "../..");
const rules = alertRules();
const evaluations = alertEvaluations();
/** A rule is told apart from its siblings of the same alert name by its static labels (SLO window pairs). */
const ruleId = (rule: AlertRule) =>
  `${rule.alert}${rule.labels.long_window ? ` (${rule.labels.long_window}/${rule.labels.short_window})` : ""}`;
const matches = (rule: AlertRule, labels: Record<string, string>) =>
  Object.entries(rule.labels).every(([key, value]) => labels[key] === value);
const fires = (rule: AlertRule, evaluation: AlertEvaluation) =>
  evaluation.alertname === rule.alert && evaluation.firing.some((labels) => matches(rule, labels));
const silent = (rule: AlertRule, evaluation: AlertEvaluation) =>
  evaluation.alertname === rule.alert && !evaluation.firing.some((labels) => matches(rule, labels));

describe("Prometheus rule files", () => {
  it("are clean for promtool check rules", () => {
    const files = ruleFileNames();
    expect(files).toEqual(["api-health.yml", "slo.yml"]);
    const result = runTool("promtool", ["check", "rules", ...files], rulesDir);
    expect(result.output).not.toMatch(/WARNING|FAILED/);
    expect(result.code, result.output).toBe(0);
  });

  it("load in the local Prometheus configuration of the README (promtool check config)", () => {
    const result = runTool("promtool", ["check", "config", path.join(rulesDir, "../local/prometheus.yml")]);
    expect(result.code, result.output).toBe(0);
    expect(result.output.match(/SUCCESS: \d+ rules found/g)).toHaveLength(ruleFileNames().length);
  });

  it("pass every promtool unit test", () => {
    const result = runTool("promtool", ["test", "rules", ...ruleTestFileNames()], ruleTestsDir);
    expect(result.code, result.output).toBe(0);
    expect(result.output.match(/SUCCESS/g)).toHaveLength(ruleTestFileNames().length);
  }, 120_000);

  it("every rule file is loaded by some unit test file", () => {
    const tested = new Set(
      ruleTestFileNames().flatMap((file) => ruleTestFile(file).rule_files.map((f) => path.basename(f))),
    );
    expect([...tested].sort()).toEqual(ruleFileNames());
  });

  it.each(rules.map((rule) => [ruleId(rule), rule] as const))(
    "%s has a firing, an on-time and a near-miss unit test",
    (_, rule) => {
      const firing = evaluations.filter((evaluation) => fires(rule, evaluation));
      expect(firing.length, `${ruleId(rule)}: no unit test expects it to fire`).toBeGreaterThan(0);
      if (rule.for) {
        // Silent one evaluation before it fires, in the same case: it fires when `for` has elapsed, not earlier.
        const onTime = firing.some((fired) =>
          evaluations.some(
            (other) =>
              other.file === fired.file &&
              other.caseIndex === fired.caseIndex &&
              other.evalMinutes === fired.evalMinutes - 1 &&
              silent(rule, other),
          ),
        );
        expect(onTime, `${ruleId(rule)}: no case shows it silent one evaluation before it fires`).toBe(true);
      }
      if (rule.alert === "Watchdog") return; // vector(1) has no near miss: it must always fire.
      const firingCases = new Set(firing.map((e) => `${e.file}#${e.caseIndex}`));
      const nearMiss = evaluations.some((e) => silent(rule, e) && !firingCases.has(`${e.file}#${e.caseIndex}`));
      expect(nearMiss, `${ruleId(rule)}: no near-miss case shows it silent`).toBe(true);
    },
  );

  it("unit tests name only alerts that exist", () => {
    const names = new Set(rules.map((rule) => rule.alert));
    for (const evaluation of evaluations) expect(names, evaluation.file).toContain(evaluation.alertname);
  });

  it.each(rules.map((rule) => [ruleId(rule), rule] as const))(
    "%s carries severity, summary, description, runbook and links",
    (_, rule) => {
      expect(["page", "ticket", "info"]).toContain(rule.labels.severity);
      expect(rule.annotations.summary?.length).toBeGreaterThan(10);
      // absent() and vector(1) have no value worth printing: 1 means "fired".
      if (!/^(absent\(|vector\(1\))/.test(rule.expr)) expect(rule.annotations.description).toContain("$value");
      expect(rule.annotations.runbook_url).toBe(`runbooks/alerts/${rule.alert}.md`);
      expect(existsSync(path.join(repoRoot, rule.annotations.runbook_url!)), rule.annotations.runbook_url).toBe(true);
      if (rule.annotations.dashboard_url)
        expect(Object.values(dashboardUids).map((uid) => `/d/${uid}`)).toContain(rule.annotations.dashboard_url);
      if (rule.labels.severity === "page") expect(rule.for, "a page waits out at least one blip").toBeDefined();
      if (rule.for) expect(minutesOf(rule.for)).toBeGreaterThan(0);
    },
  );
});

describe("SLO rules", () => {
  it("are exactly what the generator makes of the spec (run npm run monitoring:build after changing it)", () => {
    expect(readFileSync(sloRulePath, "utf8")).toBe(sloRuleFile());
  });

  it("alert per window pair of the SRE Workbook policy: 14.4x and 6x page, 3x and 1x ticket", () => {
    const windows = rules
      .filter((rule) => rule.alert === "ApiAvailabilityErrorBudgetBurn")
      .map((rule) => [
        rule.labels.severity,
        rule.labels.long_window,
        rule.labels.short_window,
        rule.expr.match(/> ([\d.]+)/)?.[1],
      ]);
    expect(windows).toEqual([
      ["page", "1h", "5m", "0.0144"],
      ["page", "6h", "30m", "0.006"],
      ["ticket", "1d", "2h", "0.003"],
      ["ticket", "3d", "6h", "0.001"],
    ]);
    const groups = (parse(readFileSync(sloRulePath, "utf8")) as { groups: { rules: { record?: string }[] }[] }).groups;
    const records = new Set(groups.flatMap((group) => group.rules.map((rule) => rule.record).filter(Boolean)));
    for (const window of ["5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"])
      expect(records).toContain(`slo:error_ratio:rate${window}`);
    expect(records).toContain("slo:error_budget_remaining:ratio");
  });
});
