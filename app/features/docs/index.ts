// The docs feature's entry point: what the route table may use.
export { docsRoutes } from "./docs-routes.js";
