// The organization feature's entry point: what the route table and other features may use.
export { organizationRoutes } from "./organization-routes.js";
