// GET /dashboard.
import type { ApiContext } from "../../api/api-context.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import { dashboardView } from "./dashboard-schemas.js";
import { getDashboard } from "./dashboard-service.js";

export function dashboardRoutes(api: ApiContext): RouteDefinition[] {
  return [
    defineRoute({
      method: "get",
      path: "/dashboard",
      operationId: "getDashboard",
      tag: "dashboard",
      summary:
        "Cases by status, open and overdue tasks, recent activity (cached; refreshed by every case or task change)",
      access: "member",
      transaction: "tenant-read",
      responses: { 200: { description: "The organization's dashboard", schema: dashboardView } },
      run: (tx) => getDashboard(tx, api.cache),
    }),
  ];
}
