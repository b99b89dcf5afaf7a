// The OpenAPI document without a running app: the route table is built from the defaults of a development config
// (route factories only read rate-limit settings while they are declared; no service runs), so CI, the typed
// client's generator, the linter and the breaking-change check all see exactly what /api/v1/openapi.json serves.
//   npx tsx app/openapi-command.ts [file]     writes the document (stdout without a file)
import { writeFileSync } from "node:fs";
import { apiRouteTable, apiVersion } from "./api-routes.js";
import type { ApiContext } from "./api/api-context.js";
import { buildOpenApiDocument, type OpenApiDocument } from "./api/openapi-document.js";
import { loadConfig } from "./config/load-config.js";
import { docsReferenceText } from "./features/docs/index.js";

export function currentOpenApiDocument(): OpenApiDocument {
  const config = loadConfig({ NODE_ENV: "development" });
  const declaringOnly = { config, createLimiter: () => ({}) } as unknown as ApiContext;
  return buildOpenApiDocument(apiRouteTable(declaringOnly), apiVersion, docsReferenceText);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = `${JSON.stringify(currentOpenApiDocument(), null, 2)}\n`;
  if (process.argv[2]) writeFileSync(process.argv[2], text);
  else process.stdout.write(text);
}
