// API overview: what users get (rate, errors and latency by route), what the SLOs say (burn rates against the
// alert factors, budget left), and what the processes are running out of (event loop, heap, CPU, restarts).
import { errorBudget, tidy } from "../slo/slo-rules.js";
import { probeRoutes, sloSpec, type Slo } from "../slo/slo-spec.js";
import { dashboardUids } from "./dashboard-uids.js";
import { api, frame, latencyHeatmap, place, singleStat, timeSeries, withThresholds } from "./panel-kit.js";

const requests = `${api}, route!~"${probeRoutes.join("|")}"`;
const rate = (selector: string) => `rate(${selector}[$__rate_interval])`;

function sloPanels(slo: Slo) {
  const burn = (window: string) => ({
    expr: `slo:error_ratio:rate${window}{slo="${slo.name}", environment=~"$environment"} / ${errorBudget(slo)}`,
    legend: `${window} {{environment}}`,
  });
  const factors = [...new Set(sloSpec.burnRates.map((w) => w.factor))];
  return [
    {
      panel: singleStat(
        `${slo.title}: error budget left (${sloSpec.periodDays} d)`,
        "percentunit",
        {
          expr: `slo:error_budget_remaining:ratio{slo="${slo.name}", environment=~"$environment"}`,
          legend: "{{environment}}",
        },
        `Share of the ${sloSpec.periodDays}-day error budget (${tidy(errorBudget(slo) * 100)} % of requests may be ${slo.badEvents.replace("API requests ", "")}) not yet spent.`,
      )
        .min(-1)
        .max(1),
      size: { w: 6, h: 7 },
    },
    {
      panel: withThresholds(
        timeSeries(
          `${slo.title}: burn rate`,
          "x",
          sloSpec.burnRates.map((w) => burn(w.long)),
          `Error ratio over each alert's long window divided by the budget; the dashed lines are the alert factors (${factors.join(", ")}). 1 spends the budget exactly in ${sloSpec.periodDays} days.`,
        ),
        factors.map((factor) => ({ value: factor, color: factor >= 6 ? "red" : "orange" })),
      ),
      size: { w: 18, h: 7 },
    },
  ];
}

export function apiOverviewDashboard() {
  return place(
    frame(
      "Rusty SaaS: API overview",
      dashboardUids["api-overview"],
      "Requests, errors, latency, SLOs and saturation of the API.",
    ),
    [
      {
        row: "Requests by route",
        panels: [
          {
            panel: timeSeries(
              "Request rate",
              "reqps",
              [
                {
                  expr: `sum by (route) (${rate(`http_request_duration_seconds_count{${requests}}`)})`,
                  legend: "{{route}}",
                },
              ],
              "API requests a second by route template (probes excluded).",
            ),
            size: { w: 12, h: 8 },
          },
          {
            panel: timeSeries(
              "5xx ratio",
              "percentunit",
              [
                {
                  expr: `sum by (route) (${rate(`http_request_duration_seconds_count{${requests}, status=~"5.."}`)}) / sum by (route) (${rate(`http_request_duration_seconds_count{${requests}}`)})`,
                  legend: "{{route}}",
                },
              ],
              "Share of each route's requests answered 5xx.",
            ),
            size: { w: 12, h: 8 },
          },
          {
            panel: timeSeries(
              "Latency p99 and p50",
              "s",
              [
                {
                  expr: `histogram_quantile(0.99, sum by (route, le) (${rate(`http_request_duration_seconds_bucket{${requests}}`)}))`,
                  legend: "p99 {{route}}",
                },
                {
                  expr: `histogram_quantile(0.5, sum by (le) (${rate(`http_request_duration_seconds_bucket{${requests}}`)}))`,
                  legend: "p50 all routes",
                },
              ],
              "Response time quantiles from the request histogram, by route.",
            ),
            size: { w: 12, h: 8 },
          },
          {
            panel: latencyHeatmap(
              "Latency heatmap",
              `sum by (le) (increase(http_request_duration_seconds_bucket{${requests}}[$__rate_interval]))`,
              "Requests per latency bucket over time (all API routes).",
            ),
            size: { w: 12, h: 8 },
          },
        ],
      },
      { row: "Service-level objectives", panels: sloSpec.slos.flatMap(sloPanels) },
      {
        row: "Saturation",
        panels: [
          {
            panel: withThresholds(
              timeSeries(
                "Event loop lag p99",
                "s",
                [{ expr: `nodejs_eventloop_lag_p99_seconds{${api}}`, legend: "{{instance}}" }],
                "Delay before queued work runs; ApiEventLoopLagHigh above 200 ms.",
              ),
              [{ value: 0.2, color: "red" }],
            ),
            size: { w: 8, h: 7 },
          },
          {
            panel: withThresholds(
              timeSeries(
                "Heap used / limit",
                "percentunit",
                [
                  {
                    expr: `nodejs_heap_size_used_bytes{${api}} / nodejs_heap_size_limit_bytes{${api}}`,
                    legend: "{{instance}}",
                  },
                ],
                "V8 heap in use against its limit; ApiHeapNearLimit above 90 %.",
              ),
              [{ value: 0.9, color: "red" }],
            ),
            size: { w: 8, h: 7 },
          },
          {
            panel: timeSeries(
              "Requests in flight",
              "short",
              [{ expr: `http_requests_in_flight{${api}}`, legend: "{{instance}}" }],
              "Requests being served right now, per process.",
            ),
            size: { w: 8, h: 7 },
          },
          {
            panel: timeSeries(
              "CPU",
              "percentunit",
              [{ expr: `rate(process_cpu_seconds_total{${api}}[$__rate_interval])`, legend: "{{instance}}" }],
              "CPU seconds per second used by each process (1 = one core).",
            ),
            size: { w: 8, h: 7 },
          },
          {
            panel: timeSeries(
              "Resident memory",
              "bytes",
              [{ expr: `process_resident_memory_bytes{${api}}`, legend: "{{instance}}" }],
              "Resident set size of each process.",
            ),
            size: { w: 8, h: 7 },
          },
          {
            panel: timeSeries(
              "Targets up and restarts",
              "short",
              [
                { expr: `sum by (environment) (up{${api}})`, legend: "up {{environment}}" },
                {
                  expr: `sum by (environment) (changes(process_start_time_seconds{${api}}[1h]))`,
                  legend: "restarts in 1 h {{environment}}",
                },
              ],
              "Scrape targets answering, and process restarts over the last hour.",
            ),
            size: { w: 8, h: 7 },
          },
        ],
      },
    ],
  );
}
