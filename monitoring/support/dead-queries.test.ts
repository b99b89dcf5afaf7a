import { describe, expect, it } from "vitest";
import { deadQueryProblems, parseExposition } from "./dead-queries.js";
import { selectorsOf, withGrafanaVariables } from "./promql-selectors.js";

const exposition = `# HELP http_request_duration_seconds x
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.3",method="GET",route="/a",status="200"} 1
http_request_duration_seconds_count{method="GET",route="/a",status="200"} 1
# HELP redis_errors_total x
# TYPE redis_errors_total counter
`;
const sources = {
  exposed: parseExposition(exposition),
  recorded: new Set(["slo:error_ratio:rate5m"]),
  scraperSeries: new Set(["up"]),
  targetLabels: new Set(["job", "instance", "environment"]),
};

describe("dead query check", () => {
  it("reads selectors with the PromQL grammar, through functions, aggregations and binary operators", () => {
    expect(selectorsOf('sum by (x) (rate(a_total{job="api", x!~"y|z"}[5m])) / on() b > 0 and absent(up)')).toEqual([
      {
        metric: "a_total",
        matchers: [
          { label: "job", op: "=", value: "api" },
          { label: "x", op: "!~", value: "y|z" },
        ],
      },
      { metric: "b", matchers: [] },
      { metric: "up", matchers: [] },
    ]);
    expect(() => selectorsOf("rate(a[5m]")).toThrow(/not valid PromQL/);
    expect(withGrafanaVariables('rate(a{e=~"$environment"}[$__rate_interval])')).toBe('rate(a{e=~".*"}[5m])');
  });

  it("accepts exposed, recorded and scraper series, and declared counters without samples", () => {
    const queries = [
      { where: "ok", expr: 'rate(http_request_duration_seconds_bucket{job="api", le="0.3", route!="/x"}[5m])' },
      {
        where: "ok",
        expr: 'slo:error_ratio:rate5m{slo="availability"} + up + rate(redis_errors_total{kind="command"}[5m])',
      },
    ];
    expect(deadQueryProblems(queries, sources)).toEqual([]);
  });

  it("names a misspelled metric, a label the metric lacks and a missing bucket", () => {
    const queries = [
      { where: "rule A", expr: "rate(http_requests_duration_seconds_count[5m])" },
      { where: "panel B", expr: 'http_request_duration_seconds_count{path="/a"}' },
      { where: "rule C", expr: 'http_request_duration_seconds_bucket{le="0.25"}' },
    ];
    expect(deadQueryProblems(queries, sources)).toEqual([
      "rule A: http_requests_duration_seconds_count is not exposed by the app",
      "panel B: http_request_duration_seconds_count has no label path",
      'rule C: http_request_duration_seconds_bucket has no bucket le="0.25"',
    ]);
  });
});
