// Rule files and Alertmanager routing with every duration divided by one factor, for a test that must watch
// hours-long SLO windows and minutes-long `for`s play out in seconds. Only durations change: expressions,
// thresholds, labels and the routing tree stay exactly the committed ones, and the ratios between windows hold.
import { parse, stringify } from "yaml";

const unitMs: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

export function durationMs(duration: string): number {
  const parts = [...duration.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== duration)
    throw new Error(`not a duration: ${duration}`);
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * unitMs[unit!]!, 0);
}

export function compressDuration(duration: string, factor: number): string {
  const ms = Math.round(durationMs(duration) / factor);
  if (ms === 0 && durationMs(duration) > 0) throw new Error(`${duration} divided by ${factor} rounds to nothing`);
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Range selectors `[5m]` and `offset 1h` in PromQL. */
export function compressExpression(expr: string, factor: number): string {
  return expr
    .replace(/\[(\d+(?:ms|s|m|h|d|w|y))\]/g, (_, d: string) => `[${compressDuration(d, factor)}]`)
    .replace(/offset (\d+(?:ms|s|m|h|d|w|y))/g, (_, d: string) => `offset ${compressDuration(d, factor)}`);
}

interface Rule {
  expr: string;
  for?: string;
  [key: string]: unknown;
}

export function compressRuleFile(yaml: string, factor: number): string {
  const file = parse(yaml) as { groups: { interval?: string; rules: Rule[] }[] };
  for (const group of file.groups) {
    if (group.interval) group.interval = compressDuration(group.interval, factor);
    for (const rule of group.rules) {
      rule.expr = compressExpression(rule.expr, factor);
      if (rule.for) rule.for = compressDuration(rule.for, factor);
    }
  }
  return stringify(file, { lineWidth: 0 });
}

interface Route {
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  routes?: Route[];
}

function compressRoute(route: Route, factor: number): void {
  for (const key of ["group_wait", "group_interval", "repeat_interval"] as const)
    if (route[key]) route[key] = compressDuration(route[key], factor);
  for (const child of route.routes ?? []) compressRoute(child, factor);
}

/** The committed routing with compressed timings and each receiver posting to `<webhookBase>/<receiver>`. */
export function alertmanagerConfigForTest(yaml: string, factor: number, webhookBase: string): string {
  const config = parse(yaml) as { route: Route; receivers: { name: string }[] };
  compressRoute(config.route, factor);
  config.receivers = config.receivers.map((receiver) => ({
    name: receiver.name,
    webhook_configs: [{ url: `${webhookBase}/${receiver.name}`, send_resolved: true }],
  }));
  return stringify(config, { lineWidth: 0 });
}
