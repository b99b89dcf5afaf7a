// The tasks feature's entry point: what the route table and other features may use.
export { taskRoutes } from "./task-routes.js";
