// The audit feature's entry point: what the route table and other features may use.
export { auditRoutes } from "./audit-routes.js";
