import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  alertmanagerConfigForTest,
  compressDuration,
  compressExpression,
  compressRuleFile,
} from "./compressed-time.js";

describe("compressed time", () => {
  it("divides durations and keeps them valid Prometheus durations", () => {
    expect(compressDuration("5m", 60)).toBe("5s");
    expect(compressDuration("30d", 60)).toBe("43200s");
    expect(compressDuration("30s", 60)).toBe("500ms");
    expect(compressDuration("0s", 60)).toBe("0s");
    expect(() => compressDuration("1ms", 60)).toThrow(/rounds to nothing/);
    expect(() => compressDuration("5 minutes", 60)).toThrow(/not a duration/);
  });

  it("changes ranges and offsets only, never thresholds or label values", () => {
    expect(compressExpression('rate(a{le="0.3", w="5m"}[1h]) offset 1d > 0.0144', 60)).toBe(
      'rate(a{le="0.3", w="5m"}[60s]) offset 1440s > 0.0144',
    );
  });

  it("compresses group intervals and fors of a rule file", () => {
    const file = parse(
      compressRuleFile(
        "groups:\n  - name: g\n    interval: 5m\n    rules:\n      - alert: A\n        expr: rate(x[5m]) > 1\n        for: 2m\n",
        60,
      ),
    ) as { groups: { interval: string; rules: { expr: string; for: string }[] }[] };
    expect(file.groups[0]).toEqual({
      name: "g",
      interval: "5s",
      rules: [{ alert: "A", expr: "rate(x[5s]) > 1", for: "2s" }],
    });
  });

  it("keeps the routing tree and points every receiver at the webhook", () => {
    const config = parse(
      alertmanagerConfigForTest(
        "route:\n  receiver: a\n  group_wait: 30s\n  routes:\n    - receiver: b\n      repeat_interval: 1h\nreceivers:\n  - name: a\n  - name: b\n",
        60,
        "http://127.0.0.1:1",
      ),
    ) as { route: { group_wait: string; routes: { repeat_interval: string }[] }; receivers: unknown[] };
    expect(config.route.group_wait).toBe("500ms");
    expect(config.route.routes[0]!.repeat_interval).toBe("60s");
    expect(config.receivers).toEqual([
      { name: "a", webhook_configs: [{ url: "http://127.0.0.1:1/a", send_resolved: true }] },
      { name: "b", webhook_configs: [{ url: "http://127.0.0.1:1/b", send_resolved: true }] },
    ]);
  });
});
