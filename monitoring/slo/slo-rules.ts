// Turns the SLO spec into Prometheus rule groups (the rule-file format Amazon Managed Prometheus accepts as is):
// - error ratios over every window the burn-rate alerts read (`slo:error_ratio:rate<window>`),
// - the 5-minute bad and total event rates, summed over 30 days into the period's ratio (request-weighted, and
//   far cheaper than a 30-day rate over the raw histogram),
// - the share of the error budget left (`slo:error_budget_remaining:ratio`), for the dashboards,
// - one alert per SLO with a rule per burn-rate window pair, told apart by `long_window` and `severity` labels.
// Pure: `generate-slo-rules.ts` writes the result to monitoring/rules/slo.yml and a test holds the file to it.
import { stringify } from "yaml";
import { alertAnnotations } from "../support/alert-links.js";
import {
  assertLatencyBucket,
  sloAggregation,
  sloSpec,
  type BurnRateWindow,
  type Slo,
  type SloSpec,
} from "./slo-spec.js";

export interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: (RecordingRule | AlertingRule)[];
}

const by = `sum by (${sloAggregation.join(", ")})`;

/** A float the way a person writes it: 14.4 × 0.001 is 0.0144, not 0.014400000000000001. */
export function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

export function errorBudget(slo: Slo): number {
  return tidy(1 - slo.objective);
}

function rateOf(selector: string, window: string): string {
  return `${by} (rate(${selector}[${window}]))`;
}

/** Rate of bad events; a window with no bad series gives 0 with the right labels (not an empty result). */
function badRate(slo: Slo, window: string): string {
  const total = rateOf(slo.sli.total, window);
  if (slo.sli.bad) return `(\n  ${rateOf(slo.sli.bad, window)}\n  or\n  0 * ${total}\n)`;
  if (slo.sli.good) return `(\n  ${total}\n  -\n  ${rateOf(slo.sli.good, window)}\n)`;
  throw new Error(`SLO ${slo.name}: the SLI needs either bad or good events`);
}

function ratioRules(slo: Slo, windows: readonly string[]): RecordingRule[] {
  const labels = { slo: slo.name };
  return windows.map((window) => ({
    record: `slo:error_ratio:rate${window}`,
    expr: `${badRate(slo, window)}\n/\n${rateOf(slo.sli.total, window)}`,
    labels,
  }));
}

function periodRules(slo: Slo, spec: SloSpec): RecordingRule[] {
  const labels = { slo: slo.name };
  const period = `${spec.periodDays}d`;
  const selector = `{slo="${slo.name}"}`;
  return [
    { record: "slo:bad_events:rate5m", expr: badRate(slo, "5m"), labels },
    { record: "slo:total_events:rate5m", expr: rateOf(slo.sli.total, "5m"), labels },
    {
      record: `slo:error_ratio:rate${period}`,
      expr:
        `sum_over_time(slo:bad_events:rate5m${selector}[${period}])\n/\n` +
        `sum_over_time(slo:total_events:rate5m${selector}[${period}])`,
      labels,
    },
    {
      record: "slo:error_budget_remaining:ratio",
      expr: `1 - slo:error_ratio:rate${period}${selector} / ${errorBudget(slo)}`,
      labels,
    },
  ];
}

function burnAlert(slo: Slo, window: BurnRateWindow, spec: SloSpec): AlertingRule {
  const threshold = tidy(window.factor * errorBudget(slo));
  const ratio = (w: string) => `slo:error_ratio:rate${w}{slo="${slo.name}"} > ${threshold}`;
  const exhaustedInHours = tidy((spec.periodDays * 24) / window.factor);
  return {
    alert: slo.alert,
    expr: `${ratio(window.long)}\nand\n${ratio(window.short)}`,
    for: window.for,
    labels: {
      severity: window.severity,
      slo: slo.name,
      long_window: window.long,
      short_window: window.short,
    },
    annotations: alertAnnotations(slo.alert, {
      summary:
        `${slo.title}: error budget burning ${window.factor}x too fast over ${window.long} and ${window.short} ` +
        `({{ $labels.environment }})`,
      description:
        `{{ $value | humanizePercentage }} of ${slo.badEvents} over the last ${window.long} (budget: ` +
        `${tidy(errorBudget(slo) * 100)} % over ${spec.periodDays} days; alert above ${tidy(threshold * 100)} %). ` +
        `At this pace the whole ${spec.periodDays}-day budget lasts ${exhaustedInHours} hours; ` +
        `${window.budgetConsumed} of it is already spent.`,
      dashboard: "api-overview",
    }),
  };
}

export function sloRuleGroups(spec: SloSpec = sloSpec): RuleGroup[] {
  assertLatencyBucket();
  return [
    {
      // Rules of one group run in order, so each alert reads the ratios of the same evaluation (groups run
      // independently: split apart, an alert could read ratios one interval old).
      name: "slo-burn-rates",
      rules: [
        ...spec.slos.flatMap((slo) => ratioRules(slo, spec.ratioWindows)),
        ...spec.slos.flatMap((slo) => spec.burnRates.map((window) => burnAlert(slo, window, spec))),
      ],
    },
    // Thirty days of 5-minute samples per evaluation: every 5 minutes is plenty for a budget.
    { name: "slo-error-budget", interval: "5m", rules: spec.slos.flatMap((slo) => periodRules(slo, spec)) },
  ];
}

export const generatedHeader =
  "# Generated by monitoring/slo/generate-slo-rules.ts from monitoring/slo/slo-spec.ts: do not edit by hand.\n" +
  "# Change the spec and run `npm run monitoring:build`; a test fails when this file differs from the generator.\n";

export function sloRuleFile(spec: SloSpec = sloSpec): string {
  return generatedHeader + stringify({ groups: sloRuleGroups(spec) }, { lineWidth: 0, aliasDuplicateObjects: false });
}
