// The members feature's entry point: what the route table and other features may use.
export { memberRoutes } from "./member-routes.js";
