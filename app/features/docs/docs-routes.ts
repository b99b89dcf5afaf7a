// GET /openapi.json and GET /docs, both built once from the route table they describe. Public, and outside any
// transaction: they never touch the database.
import { buildOpenApiDocument } from "../../api/openapi-document.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import { renderDocsPage } from "./docs-page.js";

export function docsRoutes(describedRoutes: () => RouteDefinition[], version: string): RouteDefinition[] {
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  let page: string | undefined;
  const openApi = () => (document ??= buildOpenApiDocument(describedRoutes(), version));
  return [
    defineRoute({
      method: "get",
      path: "/openapi.json",
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
      tag: "docs",
      summary: "A readable page describing every route",
      access: "public",
      transaction: "none",
      responses: { 200: { description: "HTML documentation" } },
      run: async () => (page ??= renderDocsPage(openApi())),
      reply: (html) => ({ body: html, headers: { "Content-Type": "text/html; charset=utf-8" } }),
    }),
  ];
}
