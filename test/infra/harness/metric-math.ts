// Evaluates an alarm of infra/monitoring/alarm-plan.ts the way CloudWatch does, minute by minute, over made-up
// metric series: the expression text itself is parsed (the subset the plan uses: numbers, metric ids, + - * /,
// comparisons, IF and FILL), so a test proves what CloudWatch will compute rather than a copy of it.
import type { AlarmSpec, MetricSpec } from "../../../infra/monitoring/alarm-plan.js";

/** One value per minute; `undefined` is a minute with no datapoint. */
export type Series = readonly (number | undefined)[];

/** `RequestCount{LoadBalancer,TargetGroup}`: a metric told apart by its name and its dimension names. */
export function metricKey(metric: Pick<MetricSpec<unknown>, "metricName" | "dimensions">): string {
  return `${metric.metricName}{${Object.keys(metric.dimensions).sort().join(",")}}`;
}

type Value = number | undefined;
type Node = (env: Readonly<Record<string, Value>>) => Value;

const arithmetic: Record<string, (a: number, b: number) => number> = {
  "+": (a, b) => a + b,
  "-": (a, b) => a - b,
  "*": (a, b) => a * b,
  "/": (a, b) => a / b,
  ">": (a, b) => Number(a > b),
  ">=": (a, b) => Number(a >= b),
  "<": (a, b) => Number(a < b),
  "<=": (a, b) => Number(a <= b),
  "==": (a, b) => Number(a === b),
};

/** Parses a metric math expression into a function of one minute's values. */
export function parseExpression(text: string): Node {
  const tokens = text.match(/\d+(\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|>=|<=|==|[-+*/()<>,]/g) ?? [];
  if (tokens.join("") !== text.replace(/\s+/g, "")) throw new Error(`unsupported characters in ${text}`);
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string): string => {
    const token = tokens[at++];
    if (token === undefined || (expected !== undefined && token !== expected))
      throw new Error(`expected ${expected ?? "a token"} at ${at} in ${text}`);
    return token;
  };
  const binary = (operators: string[], next: () => Node) => (): Node => {
    let left = next();
    while (operators.includes(peek() ?? "")) {
      const apply = arithmetic[take()]!;
      const [l, r] = [left, next()];
      left = (env) => {
        const [a, b] = [l(env), r(env)];
        return a === undefined || b === undefined ? undefined : apply(a, b);
      };
    }
    return left;
  };
  const primary = (): Node => {
    const token = take();
    if (token === "(") {
      const inner = comparison();
      take(")");
      return inner;
    }
    if (token === "-") {
      const operand = primary();
      return (env) => {
        const value = operand(env);
        return value === undefined ? undefined : -value;
      };
    }
    if (/^\d/.test(token)) return () => Number(token);
    if (peek() !== "(") return (env) => env[token];
    take("(");
    const args: Node[] = [comparison()];
    while (peek() === ",") args.push((take(), comparison()));
    take(")");
    return call(token, args);
  };
  const term = binary(["*", "/"], primary);
  const sum = binary(["+", "-"], term);
  const comparison = binary([">", ">=", "<", "<=", "=="], sum);
  const tree = comparison();
  if (at !== tokens.length) throw new Error(`unexpected ${peek()} in ${text}`);
  return tree;
}

function call(name: string, args: Node[]): Node {
  const [a, b, c] = args;
  if (name === "FILL" && a && b && args.length === 2) return (env) => a(env) ?? b(env);
  if (name === "IF" && a && b && c && args.length === 3)
    return (env) => {
      const condition = a(env);
      return condition === undefined ? undefined : condition !== 0 ? b(env) : c(env);
    };
  throw new Error(`unsupported function ${name}/${args.length}`);
}

/** The alarm's value for each minute, from series keyed by `metricKey`. */
export function alarmValues(
  spec: AlarmSpec<unknown>,
  series: Readonly<Record<string, Series>>,
  minutes: number,
): Value[] {
  const read = (metric: MetricSpec<unknown>, minute: number): Value => {
    const values = series[metricKey(metric)];
    if (!values) throw new Error(`no series for ${metricKey(metric)} (have ${Object.keys(series).join(", ")})`);
    return values[minute];
  };
  return Array.from({ length: minutes }, (_, minute) => {
    if (spec.metric) return read(spec.metric, minute);
    if (!spec.math) throw new Error(`${spec.name} has neither a metric nor metric math`);
    const env = Object.fromEntries(Object.entries(spec.math.metrics).map(([id, metric]) => [id, read(metric, minute)]));
    return parseExpression(spec.math.expression)(env);
  });
}

/** The first minute at which `datapointsToAlarm` of the last `evaluationPeriods` values breach, if any. */
export function firstAlarmMinute(spec: AlarmSpec<unknown>, values: readonly Value[]): number | undefined {
  const breaches = (value: Value): boolean | undefined => {
    if (value === undefined)
      return spec.treatMissingData === "breaching"
        ? true
        : spec.treatMissingData === "notBreaching"
          ? false
          : undefined;
    return spec.comparison === "GreaterThanThreshold" ? value > spec.threshold : value < spec.threshold;
  };
  for (let minute = spec.evaluationPeriods - 1; minute < values.length; minute++) {
    const window = values.slice(minute - spec.evaluationPeriods + 1, minute + 1).map(breaches);
    if (window.filter((breach) => breach === true).length >= spec.datapointsToAlarm) return minute;
  }
  return undefined;
}
