import { describe, expect, it } from "vitest";
import { logQueries, logQueryName, validateLogQuery } from "./log-queries-plan.js";

describe("log queries plan", () => {
  it("keeps every saved query within PutQueryDefinition's limits", () => {
    for (const query of logQueries)
      expect(
        validateLogQuery(logQueryName("rusty-saas-production", query.key), query, ["/rusty-saas-production/api"]),
      ).toEqual([]);
  });

  it("names the limit a bad query breaks", () => {
    const long = { key: "x", queryString: "x".repeat(10_001) };
    expect(validateLogQuery("n".repeat(256), long, ["bad group!"])).toEqual([
      `${"n".repeat(256)}: name must be 1–255 characters`,
      `${"n".repeat(256)}: query must be 1–10,000 characters`,
      `${"n".repeat(256)}: log group bad group! is not a valid name`,
    ]);
  });

  it("reads the fields the API logs: the access line and the failed-request line", () => {
    const text = logQueries.map((q) => q.queryString).join("\n");
    for (const field of ['msg = "request"', 'msg = "request failed"', "durationMs", "requestId", "code"])
      expect(text).toContain(field);
  });
});
