// "No dead queries": every series a rule or a dashboard reads must be one the app exposes on /metrics, one a
// recording rule produces, or one Prometheus itself writes for each scrape target (`up`). Labels the queries
// match on must exist on the exposed series, except the target labels the scraper adds.
import { selectorsOf } from "./promql-selectors.js";

export interface ExposedMetric {
  readonly type: string;
  readonly samples: Record<string, string>[];
}

/** Metric families of a Prometheus text exposition, by sample name (histograms give _bucket, _sum and _count). */
export function parseExposition(text: string): Map<string, ExposedMetric> {
  const metrics = new Map<string, ExposedMetric>();
  const suffixes: Record<string, string[]> = {
    histogram: ["_bucket", "_sum", "_count"],
    summary: ["_sum", "_count", ""],
  };
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm))
    for (const suffix of suffixes[type!] ?? [""]) metrics.set(`${name}${suffix}`, { type: type!, samples: [] });
  for (const [, name, labels = ""] of text.matchAll(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? \S+$/gm)) {
    const sample = Object.fromEntries(
      [...labels.matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    metrics.get(name!)?.samples.push(sample);
  }
  return metrics;
}

export interface QueryOrigin {
  readonly where: string;
  readonly expr: string;
}

export interface SeriesSources {
  readonly exposed: Map<string, ExposedMetric>;
  /** Names recording rules write (they are checked through their own expressions). */
  readonly recorded: ReadonlySet<string>;
  /** Series Prometheus writes itself per scrape target. */
  readonly scraperSeries: ReadonlySet<string>;
  /** Labels the scrape adds to every series (job, instance, and the environment label of the deployment). */
  readonly targetLabels: ReadonlySet<string>;
}

export function deadQueryProblems(queries: readonly QueryOrigin[], sources: SeriesSources): string[] {
  const problems: string[] = [];
  for (const query of queries) {
    for (const selector of selectorsOf(query.expr)) {
      if (sources.recorded.has(selector.metric) || sources.scraperSeries.has(selector.metric)) continue;
      const exposed = sources.exposed.get(selector.metric);
      if (!exposed) {
        problems.push(`${query.where}: ${selector.metric} is not exposed by the app`);
        continue;
      }
      if (exposed.samples.length === 0) continue; // declared, no sample yet (e.g. a failure counter): names only
      for (const matcher of selector.matchers) {
        if (sources.targetLabels.has(matcher.label)) continue;
        const values = exposed.samples.map((sample) => sample[matcher.label]).filter((v) => v !== undefined);
        if (values.length === 0) problems.push(`${query.where}: ${selector.metric} has no label ${matcher.label}`);
        else if (matcher.op === "=" && matcher.label === "le" && !values.includes(matcher.value))
          problems.push(`${query.where}: ${selector.metric} has no bucket le="${matcher.value}"`);
      }
    }
  }
  return problems;
}
