// The docs feature's entry point: what the route table may use.
export { docsAssetsRouter } from "./docs-assets.js";
export { docsRoutes } from "./docs-routes.js";
export { referenceText as docsReferenceText } from "./reference-text.js";
