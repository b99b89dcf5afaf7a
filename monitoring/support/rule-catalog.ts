// Reads the committed rule files and their promtool tests as data, for the tests that hold them to their contract.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const monitoringRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const rulesDir = path.join(monitoringRoot, "rules");
export const ruleTestsDir = path.join(monitoringRoot, "rule-tests");

export interface AlertRule {
  file: string;
  group: string;
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RecordRule {
  file: string;
  record: string;
  expr: string;
}

interface RuleFileShape {
  groups: { name: string; interval?: string; rules: (Partial<AlertRule> & Partial<RecordRule>)[] }[];
}

export function ruleFileNames(): string[] {
  return readdirSync(rulesDir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort();
}

export function ruleTestFileNames(): string[] {
  return readdirSync(ruleTestsDir)
    .filter((file) => /\.test\.ya?ml$/.test(file))
    .sort();
}

function groupsOf(file: string): RuleFileShape["groups"] {
  return (parse(readFileSync(path.join(rulesDir, file), "utf8")) as RuleFileShape).groups;
}

export function alertRules(): AlertRule[] {
  return ruleFileNames().flatMap((file) =>
    groupsOf(file).flatMap((group) =>
      group.rules
        .filter((rule) => rule.alert !== undefined)
        .map((rule) => ({
          file,
          group: group.name,
          alert: rule.alert!,
          expr: rule.expr!,
          ...(rule.for ? { for: rule.for } : {}),
          labels: rule.labels ?? {},
          annotations: rule.annotations ?? {},
        })),
    ),
  );
}

export function recordRules(): RecordRule[] {
  return ruleFileNames().flatMap((file) =>
    groupsOf(file).flatMap((group) =>
      group.rules
        .filter((rule) => rule.record !== undefined)
        .map((rule) => ({ file, record: rule.record!, expr: rule.expr! })),
    ),
  );
}

/** Every alert name, once (an SLO alert has several rules, one per window pair). */
export function alertNames(): string[] {
  return [...new Set(alertRules().map((rule) => rule.alert))].sort();
}

export interface AlertEvaluation {
  file: string;
  caseIndex: number;
  evalMinutes: number;
  alertname: string;
  firing: Record<string, string>[];
}

interface TestFileShape {
  rule_files: string[];
  evaluation_interval?: string;
  tests: {
    alert_rule_test?: {
      eval_time: string;
      alertname: string;
      exp_alerts?: { exp_labels?: Record<string, string> }[];
    }[];
  }[];
}

export function minutesOf(duration: string): number {
  const units: Record<string, number> = { s: 1 / 60, m: 1, h: 60, d: 1440 };
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(/(\d+)([smhd])/g)) total += Number(amount) * units[unit!]!;
  return total;
}

export function ruleTestFile(file: string): TestFileShape {
  return parse(readFileSync(path.join(ruleTestsDir, file), "utf8")) as TestFileShape;
}

export function alertEvaluations(): AlertEvaluation[] {
  return ruleTestFileNames().flatMap((file) =>
    ruleTestFile(file).tests.flatMap((testCase, caseIndex) =>
      (testCase.alert_rule_test ?? []).map((evaluation) => ({
        file,
        caseIndex,
        evalMinutes: minutesOf(evaluation.eval_time),
        alertname: evaluation.alertname,
        firing: (evaluation.exp_alerts ?? []).map((alert) => alert.exp_labels ?? {}),
      })),
    ),
  );
}
