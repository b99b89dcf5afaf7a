// The one place the API's service-level objectives are written down. `slo-rules.ts` turns this spec into the
// recording and alerting rules of monitoring/rules/slo.yml, and the dashboards read their targets from here, so an
// objective changes in exactly one line. The burn-rate policy is the Google SRE Workbook's ("Alerting on SLOs",
// multiwindow, multi-burn-rate) for a 30-day period.
import { latencyBuckets } from "../../app/platform/metrics/metrics.js";

/** Prometheus job of the API's metrics port (the ADOT sidecar's job name on AWS, `job_name` locally). */
export const apiJob = "api";
/** Probes are for load balancers and orchestrators, not users: they never count toward an objective. */
export const probeRoutes = ["/live", "/ready", "/health"] as const;
/** Labels every SLO series keeps: one series per environment and job, whatever the number of tasks. */
export const sloAggregation = ["environment", "job"] as const;

const apiRequests = `job="${apiJob}", route!~"${probeRoutes.join("|")}"`;

export type Severity = "page" | "ticket";

export interface BurnRateWindow {
  readonly severity: Severity;
  /** Share of the period's budget this rule allows to burn before it fires (for the runbook and the README). */
  readonly budgetConsumed: string;
  readonly long: string;
  readonly short: string;
  readonly factor: number;
  /** Half the short window: one bad scrape never pages, a real burn fires within minutes. */
  readonly for: string;
}

/** An SLI as a ratio of counters: either the bad events or the good ones, over every event. */
export interface RatioSli {
  readonly total: string;
  readonly bad?: string;
  readonly good?: string;
}

export interface Slo {
  readonly name: string;
  readonly alert: string;
  readonly objective: number;
  readonly title: string;
  /** What a bad event is, in words, for annotations and dashboards. */
  readonly badEvents: string;
  readonly sli: RatioSli;
}

export interface SloSpec {
  readonly periodDays: number;
  readonly ratioWindows: readonly string[];
  readonly burnRates: readonly BurnRateWindow[];
  readonly slos: readonly Slo[];
}

/** The latency objective's threshold: a histogram bucket must sit exactly on it, or the SLI cannot be counted. */
export const latencyThresholdSeconds = 0.3;

export const sloSpec: SloSpec = {
  periodDays: 30,
  ratioWindows: ["5m", "30m", "1h", "2h", "6h", "1d", "3d"],
  burnRates: [
    { severity: "page", budgetConsumed: "2 %", long: "1h", short: "5m", factor: 14.4, for: "2m" },
    { severity: "page", budgetConsumed: "5 %", long: "6h", short: "30m", factor: 6, for: "15m" },
    { severity: "ticket", budgetConsumed: "10 %", long: "1d", short: "2h", factor: 3, for: "1h" },
    { severity: "ticket", budgetConsumed: "10 %", long: "3d", short: "6h", factor: 1, for: "3h" },
  ],
  slos: [
    {
      name: "availability",
      alert: "ApiAvailabilityErrorBudgetBurn",
      objective: 0.999,
      title: "API availability",
      badEvents: "API requests answered 5xx",
      sli: {
        bad: `http_request_duration_seconds_count{${apiRequests}, status=~"5.."}`,
        total: `http_request_duration_seconds_count{${apiRequests}}`,
      },
    },
    {
      name: "latency",
      alert: "ApiLatencyErrorBudgetBurn",
      objective: 0.99,
      title: "API latency",
      badEvents: `API requests slower than ${latencyThresholdSeconds * 1000} ms`,
      sli: {
        good: `http_request_duration_seconds_bucket{${apiRequests}, le="${latencyThresholdSeconds}"}`,
        total: `http_request_duration_seconds_count{${apiRequests}}`,
      },
    },
  ],
};

/** Fails when the app's histogram has no bucket on the latency threshold (the SLI would silently be wrong). */
export function assertLatencyBucket(buckets: readonly number[] = latencyBuckets): void {
  if (!buckets.includes(latencyThresholdSeconds))
    throw new Error(
      `the latency SLO counts requests under ${latencyThresholdSeconds} s, but http_request_duration_seconds has no ` +
        `bucket there (buckets: ${buckets.join(", ")}): add it in app/platform/metrics/metrics.ts`,
    );
}
