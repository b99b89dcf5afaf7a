// No dead queries: the real API (real PostgreSQL and Redis) serves traffic, and every metric that a rule or a
// dashboard panel reads must then be on its /metrics, with the labels the query matches on. Series that
// Prometheus writes itself or that recording rules produce are named explicitly, not waved through.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardDocuments } from "../../monitoring/dashboards/build-dashboards.js";
import { deadQueryProblems, parseExposition, type QueryOrigin } from "../../monitoring/support/dead-queries.js";
import { withGrafanaVariables } from "../../monitoring/support/promql-selectors.js";
import { alertRules, recordRules } from "../../monitoring/support/rule-catalog.js";
import { startTestApp, type AppUnderTest } from "../support/app-under-test.js";
import { sendProductTraffic } from "../support/product-traffic.js";

/** Written by Prometheus for every scrape target, not by the app. */
const scraperSeries = new Set(["up"]);
/** Added by the scrape (job, instance) or by the deployment (environment: ADOT's external label on AWS). */
const targetLabels = new Set(["job", "instance", "environment"]);

function ruleQueries(): QueryOrigin[] {
  return [
    ...alertRules().map((rule) => ({ where: `alert ${rule.alert} (${rule.file})`, expr: rule.expr })),
    ...recordRules().map((rule) => ({ where: `record ${rule.record} (${rule.file})`, expr: rule.expr })),
  ];
}

function dashboardQueries(): QueryOrigin[] {
  return Object.entries(dashboardDocuments()).flatMap(([key, json]) => {
    const dashboard = JSON.parse(json) as {
      panels: { title: string; targets?: { expr: string }[] }[];
      templating: { list: { name: string; query?: string }[] };
    };
    const panels = dashboard.panels.flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({
        where: `dashboard ${key}: ${panel.title}`,
        expr: withGrafanaVariables(target.expr),
      })),
    );
    // label_values(<selector>, label) is Grafana's, not PromQL: check its selector.
    const variables = dashboard.templating.list.flatMap((variable) => {
      const selector = /^label_values\((.+), *\w+\)$/.exec(variable.query ?? "")?.[1];
      return selector ? [{ where: `dashboard ${key}: variable ${variable.name}`, expr: selector }] : [];
    });
    return [...panels, ...variables];
  });
}

describe("rules and dashboards query only what the app exposes", () => {
  let app: AppUnderTest;
  let exposition: string;
  beforeAll(async () => {
    app = await startTestApp();
    await sendProductTraffic(app.baseUrl);
    exposition = await (await fetch(app.metricsUrl)).text();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("every rule and panel selector names an exposed, recorded or scraper series with existing labels", () => {
    const queries = [...ruleQueries(), ...dashboardQueries()];
    expect(queries.length).toBeGreaterThan(50);
    const problems = deadQueryProblems(queries, {
      exposed: parseExposition(exposition),
      recorded: new Set(recordRules().map((rule) => rule.record)),
      scraperSeries,
      targetLabels,
    });
    expect(problems).toEqual([]);
  });

  it("exposes the SLO bucket and the product counters after traffic", () => {
    const exposed = parseExposition(exposition);
    const buckets = exposed.get("http_request_duration_seconds_bucket")?.samples.map((s) => s.le);
    expect(buckets).toContain("0.3");
    for (const counter of ["signups_total", "cases_created_total", "tasks_created_total"])
      expect(exposed.get(counter)?.samples.length, counter).toBe(1);
    expect(exposed.get("nodejs_heap_size_limit_bytes")?.samples.length).toBe(1);
    for (const route of ["/live", "/ready", "/health"])
      expect(exposed.get("http_request_duration_seconds_count")?.samples.map((s) => s.route)).toContain(route);
  });
});
