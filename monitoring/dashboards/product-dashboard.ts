// Product: what people do with the service, from the counters the features increment after each commit.
import { dashboardUids } from "./dashboard-uids.js";
import { api, frame, place, singleStat, timeSeries } from "./panel-kit.js";

const counters = [
  { metric: "signups_total", title: "Signups", what: "accounts created (each with its organization)" },
  { metric: "cases_created_total", title: "Cases created", what: "cases created" },
  { metric: "tasks_created_total", title: "Tasks created", what: "tasks created" },
] as const;

export function productDashboard() {
  return place(frame("Rusty SaaS: product", dashboardUids.product, "Signups, cases and tasks created."), [
    {
      row: "Last 24 hours",
      panels: counters.map((counter) => ({
        panel: singleStat(
          `${counter.title} (24 h)`,
          "short",
          { expr: `sum(increase(${counter.metric}{${api}}[24h]))`, legend: counter.title },
          `Number of ${counter.what} over the last 24 hours.`,
        ).decimals(0),
        size: { w: 8, h: 5 },
      })),
    },
    {
      row: "Per hour",
      panels: counters.map((counter) => ({
        panel: timeSeries(
          `${counter.title} per hour`,
          "short",
          [{ expr: `sum by (environment) (increase(${counter.metric}{${api}}[1h]))`, legend: "{{environment}}" }],
          `${counter.what[0]!.toUpperCase()}${counter.what.slice(1)} in the hour before each point.`,
        ),
        size: { w: 8, h: 8 },
      })),
    },
  ]);
}
