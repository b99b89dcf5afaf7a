// The me feature's entry point: what the route table and other features may use.
export { meRoutes } from "./me-routes.js";
