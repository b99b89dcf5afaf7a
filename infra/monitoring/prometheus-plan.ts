// What goes to Amazon Managed Prometheus: the rule files under monitoring/rules/ unchanged, and one alert
// manager definition whose routing tree comes from monitoring/alertmanager.yml (when it exists) with every
// receiver swapped for SNS, the only receiver AMP can deliver to.
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

interface Receiver {
  name: string;
  [key: string]: unknown;
}

const defaultRouting = {
  route: { receiver: "sns", group_by: ["alertname"], group_wait: "30s", group_interval: "5m", repeat_interval: "4h" },
  receivers: [{ name: "sns" }],
};

/** The AMP alert manager definition document (`alertmanager_config` holding the Alertmanager YAML). */
export function alertManagerDefinition(routingYaml: string | undefined, topicArn: string, region: string): string {
  const config = (routingYaml === undefined ? structuredClone(defaultRouting) : parse(routingYaml)) as {
    receivers?: Receiver[];
    [key: string]: unknown;
  };
  const receivers = config.receivers ?? [];
  if (receivers.length === 0) throw new Error("the Alertmanager routing has no receivers");
  config.receivers = receivers.map((receiver) => ({
    name: receiver.name,
    sns_configs: [
      {
        topic_arn: topicArn,
        sigv4: { region },
        subject: "{{ .CommonLabels.alertname }} ({{ .Status }})",
        attributes: { receiver: receiver.name },
      },
    ],
  }));
  return stringify({ alertmanager_config: stringify(config) });
}
