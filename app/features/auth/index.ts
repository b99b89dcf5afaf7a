// The auth feature's entry point: what the route table (and any other feature) may use.
export { authRoutes } from "./auth-routes.js";
