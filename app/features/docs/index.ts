// The docs feature's entry point: what the route table may use.
export { docsAssetsRouter } from "./docs-assets.js";
export { docsRoutes } from "./docs-routes.js";
export { operationExamples as docsOperationExamples } from "./operation-examples.js";
