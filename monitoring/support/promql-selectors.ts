// The series selectors of a PromQL expression, read with Prometheus's own grammar (@prometheus-io/lezer-promql,
// the parser behind Prometheus's query editor), so "which metrics does this rule or panel read" is never a regex.
import { parser } from "@prometheus-io/lezer-promql";

export interface LabelMatcher {
  readonly label: string;
  readonly op: string;
  readonly value: string;
}

export interface Selector {
  readonly metric: string;
  readonly matchers: readonly LabelMatcher[];
}

/** Grafana's variables replaced by values PromQL accepts, so dashboard queries parse like rules. */
export function withGrafanaVariables(expr: string): string {
  return expr
    .replaceAll("$__rate_interval", "5m")
    .replaceAll("$__interval", "1m")
    .replace(/\$\{?[A-Za-z_]+\}?/g, ".*");
}

export function selectorsOf(expr: string): Selector[] {
  const tree = parser.parse(expr);
  const selectors: Selector[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) throw new Error(`not valid PromQL at ${cursor.from}: ${expr}`);
    if (cursor.name !== "VectorSelector") continue;
    const node = cursor.node;
    const identifier = node.getChild("Identifier");
    const matchers: LabelMatcher[] = [];
    for (const matcher of node.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? []) {
      const text = (name: string) => {
        const child = matcher.getChild(name);
        return child ? expr.slice(child.from, child.to) : "";
      };
      matchers.push({
        label: text("LabelName"),
        op: text("MatchOp"),
        value: JSON.parse(text("StringLiteral")) as string,
      });
    }
    const metric = identifier ? expr.slice(identifier.from, identifier.to) : "";
    if (!metric) throw new Error(`a selector without a metric name reads every series: ${expr}`);
    selectors.push({ metric, matchers });
  } while (cursor.next());
  return selectors;
}
