// GET /openapi.json and GET /docs, both built once from the route table they describe. Public, and outside any
// transaction: they never touch the database. The page is the same each time but for its CSP nonce.
import { randomBytes } from "node:crypto";
import { buildOpenApiDocument } from "../../api/openapi-document.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import { docsContentSecurityPolicy, renderDocsPage } from "./docs-page.js";
import { referenceText } from "./reference-text.js";

export function docsRoutes(describedRoutes: () => RouteDefinition[], version: string): RouteDefinition[] {
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  const openApi = () => (document ??= buildOpenApiDocument(describedRoutes(), version, referenceText));
  return [
    defineRoute({
      method: "get",
      path: "/openapi.json",
      operationId: "getOpenApiDocument",
      tag: "docs",
      summary: "This API's OpenAPI 3.1 document",
      access: "public",
      transaction: "none",
      responses: { 200: { description: "The OpenAPI document" } },
      run: async () => openApi(),
    }),
    defineRoute({
      method: "get",
      path: "/docs",
      operationId: "getDocsPage",
      tag: "docs",
      summary: "The API reference, rendered from the OpenAPI document",
      access: "public",
      transaction: "none",
      responses: { 200: { description: "HTML documentation" } },
      run: async () => ({ title: openApi().info.title, nonce: randomBytes(16).toString("base64") }),
      reply: ({ title, nonce }) => ({
        body: renderDocsPage(title, nonce),
        headers: {
          "Content-Type": "text/html; charset=utf-8",
          "Content-Security-Policy": docsContentSecurityPolicy(nonce),
          "Cache-Control": "no-store",
        },
      }),
    }),
  ];
}
