// The dead-man's switch on AWS: Managed Prometheus's alert manager publishes the always-firing Watchdog to the
// watchdog topic every minute (monitoring/alertmanager.yml: repeat_interval 1m), and this CloudWatch alarm fires
// when that topic has published nothing for 15 minutes: rules stopped evaluating, the alert manager stopped
// sending, or samples stopped arriving. It watches the alerting pipeline from outside it.
import type { AlarmSpec } from "./alarm-plan.js";

export const deadMansSwitchKey = "AlertPipelineSilent";

export function watchdogTopicName(prefix: string): string {
  return `${prefix}-alert-watchdog`;
}

export function deadMansSwitchAlarm<D>(prefix: string): AlarmSpec<D> {
  return {
    key: deadMansSwitchKey,
    name: `${prefix}-${deadMansSwitchKey}`,
    summary:
      "No Watchdog notification from Managed Prometheus for 15 minutes: Prometheus alerts are not being delivered.",
    comparison: "LessThanThreshold",
    threshold: 1,
    // Fifteen empty minutes in a row: one late heartbeat (Alertmanager may skip a minute) never trips it.
    evaluationPeriods: 15,
    datapointsToAlarm: 15,
    // SNS reports no datapoint for a minute in which nothing was published: silence is the failure.
    treatMissingData: "breaching",
    metric: {
      namespace: "AWS/SNS",
      metricName: "NumberOfMessagesPublished",
      stat: "Sum",
      dimensions: { TopicName: watchdogTopicName(prefix) },
    },
  };
}
