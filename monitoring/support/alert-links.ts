// The annotations every alert carries: what is wrong, the value, its runbook page and, where one helps, the
// dashboard to open. Links are relative: runbook paths to the repository root (as the CloudWatch alarms name
// them), dashboards to the Grafana host (`/d/<uid>`).
import { dashboardUids, type DashboardKey } from "../dashboards/dashboard-uids.js";

export function runbookUrl(alert: string): string {
  return `runbooks/alerts/${alert}.md`;
}

export function dashboardUrl(key: DashboardKey): string {
  return `/d/${dashboardUids[key]}`;
}

export function alertAnnotations(
  alert: string,
  text: { summary: string; description: string; dashboard?: DashboardKey },
): Record<string, string> {
  return {
    summary: text.summary,
    description: text.description,
    runbook_url: runbookUrl(alert),
    ...(text.dashboard ? { dashboard_url: dashboardUrl(text.dashboard) } : {}),
  };
}
