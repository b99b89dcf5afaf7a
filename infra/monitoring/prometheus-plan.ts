// What goes to Amazon Managed Prometheus: the rule files under monitoring/rules/ unchanged, and one alert
// manager definition made from monitoring/alertmanager.yml for this stack's environment:
// - every receiver gets the stack's SNS topic that serves it (AMP delivers to SNS only: "Setting up your alert
//   receiver", AMP user guide); `api_url` and `http_config` are refused by AMP and never written; `sigv4.region`
//   is required; the subject must be ASCII and at most 100 characters (longer ones are truncated: "Understanding
//   Amazon SNS message validation rules"),
// - a top-level route scoped to one environment (`environment="staging"`) is kept without its matcher on that
//   environment's stack and dropped on the others: a workspace serves one environment, and alerts without series
//   labels (absent(), the Watchdog) carry no environment label to match,
// - the document is `alertmanager_config: <the Alertmanager YAML>` ("Create an alert manager configuration");
//   AMP caps repeat_interval at 5 days, and this tree stays far below.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parse, stringify } from "yaml";

export interface RuleFile {
  /** Namespace name on the workspace: the file name without extension. */
  readonly name: string;
  readonly content: string;
}

/** Rule files (`*.yml`/`*.yaml` with a top-level `groups` list) in name order; promtool test files are skipped. */
export function loadRuleFiles(directory: string): RuleFile[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((file) => /\.ya?ml$/.test(file) && !/test/.test(file))
    .sort()
    .map((file) => {
      const content = readFileSync(path.join(directory, file), "utf8");
      const parsed = parse(content) as { groups?: unknown } | null;
      if (!Array.isArray(parsed?.groups))
        throw new Error(`${path.join(directory, file)} has no top-level groups list: not a Prometheus rule file`);
      return { name: file.replace(/\.ya?ml$/, ""), content };
    });
}

/** The stack's SNS topics an alert can go to. */
export interface AlertTopics {
  /** Pages and tickets: the alarm topic (e-mail and pager subscribers filter on the `severity` attribute). */
  readonly alarms: string;
  /** The Watchdog's heartbeat: a CloudWatch alarm fires when this topic stops receiving it. */
  readonly watchdog: string;
}

/** Receiver name in monitoring/alertmanager.yml → topic; `undefined` keeps a receiver silent (seen, never sent). */
export const receiverTopics: Record<string, keyof AlertTopics | undefined> = {
  page: "alarms",
  ticket: "alarms",
  deadman: "watchdog",
  info: undefined,
};

interface Route {
  matchers?: string[];
  routes?: Route[];
  [key: string]: unknown;
}

interface Receiver {
  name: string;
  [key: string]: unknown;
}

const environmentMatcher = /^environment\s*=\s*"?([a-z0-9-]+)"?$/;

/** Keeps this environment's scoped branches (unconditionally) and drops the other environments'. */
export function routesForEnvironment(routes: readonly Route[], environment: string): Route[] {
  return routes.flatMap((route) => {
    const scoped = route.matchers?.length === 1 ? environmentMatcher.exec(route.matchers[0]!) : null;
    if (!scoped) return [route];
    if (scoped[1] !== environment) return [];
    const { matchers: _scope, ...rest } = route;
    return [rest];
  });
}

function snsReceiver(receiver: Receiver, topics: AlertTopics, region: string, environment: string): Receiver {
  if (!(receiver.name in receiverTopics))
    throw new Error(
      `monitoring/alertmanager.yml: receiver "${receiver.name}" has no SNS topic on AWS; ` +
        `known receivers: ${Object.keys(receiverTopics).join(", ")} (infra/monitoring/prometheus-plan.ts)`,
    );
  const topic = receiverTopics[receiver.name];
  if (topic === undefined) return { name: receiver.name };
  return {
    name: receiver.name,
    sns_configs: [
      {
        topic_arn: topics[topic],
        sigv4: { region },
        send_resolved: true,
        subject: `[${environment}] {{ .CommonLabels.alertname }} {{ .Status }} ({{ .CommonLabels.severity }})`,
        attributes: { receiver: receiver.name, environment, severity: "{{ .CommonLabels.severity }}" },
      },
    ],
  };
}

/** The AMP alert manager definition document for one stack. */
export function alertManagerDefinition(
  routingYaml: string,
  topics: AlertTopics,
  region: string,
  environment: string,
): string {
  const config = parse(routingYaml) as { route?: Route; receivers?: Receiver[]; [key: string]: unknown };
  if (!config.route) throw new Error("monitoring/alertmanager.yml has no route");
  const receivers = config.receivers ?? [];
  if (receivers.length === 0) throw new Error("monitoring/alertmanager.yml has no receivers");
  config.route = { ...config.route, routes: routesForEnvironment(config.route.routes ?? [], environment) };
  config.receivers = receivers.map((receiver) => snsReceiver(receiver, topics, region, environment));
  return stringify({ alertmanager_config: stringify(config, { lineWidth: 0 }) });
}
