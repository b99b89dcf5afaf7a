// Grafana dashboard uids: fixed, so alert annotations can link to /d/<uid> and imports keep their address.
export const dashboardUids = {
  "api-overview": "rusty-saas-api-overview",
  "data-tier": "rusty-saas-data-tier",
  product: "rusty-saas-product",
} as const;

export type DashboardKey = keyof typeof dashboardUids;
