// The cases feature's entry point: what the route table and other features may use.
export { caseRoutes } from "./case-routes.js";
export { caseStatuses, type CaseStatus } from "./case-schemas.js";
