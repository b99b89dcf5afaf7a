// The dashboard feature's entry point: its route, and the invalidation the route table wires to case and task
// changes.
export { invalidateDashboard } from "./dashboard-cache.js";
export { dashboardRoutes } from "./dashboard-routes.js";
