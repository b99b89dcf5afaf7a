// `npm run monitoring:build`: writes each dashboard as Grafana JSON under monitoring/dashboards/json/ (import them,
// or provision the folder). A test fails when a committed file differs from this build.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { apiOverviewDashboard } from "./api-overview-dashboard.js";
import type { DashboardKey } from "./dashboard-uids.js";
import { dataTierDashboard } from "./data-tier-dashboard.js";
import { productDashboard } from "./product-dashboard.js";

export const dashboardJsonDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "json");

export function dashboardDocuments(): Record<DashboardKey, string> {
  const render = (builder: { build(): unknown }) => `${JSON.stringify(builder.build(), null, 2)}\n`;
  return {
    "api-overview": render(apiOverviewDashboard()),
    "data-tier": render(dataTierDashboard()),
    product: render(productDashboard()),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(dashboardJsonDir, { recursive: true });
  for (const [key, json] of Object.entries(dashboardDocuments())) {
    writeFileSync(path.join(dashboardJsonDir, `${key}.json`), json);
    console.log(`wrote monitoring/dashboards/json/${key}.json`);
  }
}
