// The OpenAPI 3.1 document, generated from the same route definitions and zod schemas that serve requests.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { errorCatalog } from "../platform/errors/error-catalog.js";
import { apiPrefix } from "./api-router.js";
import { z } from "./openapi-zod.js";
import type { RouteDefinition } from "./route-definition.js";

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(Object.keys(errorCatalog) as [string, ...string[]]),
    detail: z.string().optional(),
    instance: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

/** `/cases/:caseId` → `/cases/{caseId}` */
export function toOpenApiPath(koaPath: string): string {
  return koaPath.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

export function buildOpenApiDocument(definitions: RouteDefinition[], version: string): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  for (const route of definitions) registry.registerPath(routeConfig(route, bearer.name));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Rusty SaaS API",
      version,
      description:
        "Multi-tenant case management: organizations, members, cases, tasks, audit trail and privacy rights.",
    },
    servers: [{ url: "/" }],
  });
}

function routeConfig(route: RouteDefinition, bearerName: string): RouteConfig {
  const problem = (description: string) => ({
    description,
    content: { "application/problem+json": { schema: problemSchema } },
  });
  const responses: RouteConfig["responses"] = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    const content =
      Number(status) >= 400
        ? problem(spec.description).content
        : spec.schema
          ? { "application/json": { schema: spec.schema } }
          : undefined;
    responses[status] = {
      description: spec.description,
      ...(content ? { content } : {}),
      ...(spec.headers ? { headers: spec.headers } : {}),
    };
  }
  if (route.params || route.body || route.query)
    responses["400"] = problem("Invalid input (validation_failed, malformed_json)");
  if (route.access !== "public") {
    responses["401"] = problem("Missing, invalid or expired access token, or no longer a member");
    if (route.access !== "member") responses["403"] = problem(`Requires the ${route.access} role`);
  }
  if (route.params) responses["404"] = problem("Not found in the caller's organization");
  responses["429"] = problem("Rate limited");
  return {
    method: route.method,
    path: `${apiPrefix}${toOpenApiPath(route.path)}`,
    operationId: route.operationId,
    summary: route.summary,
    ...(route.deprecated ? { deprecated: true } : {}),
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    ...(route.access === "public" ? {} : { security: [{ [bearerName]: [] }] }),
    "x-required-role": route.access,
    request: {
      ...(route.params ? { params: route.params as never } : {}),
      ...(route.query ? { query: route.query as never } : {}),
      ...(route.headers ? { headers: route.headers } : {}),
      ...(route.body ? { body: { required: true, content: { "application/json": { schema: route.body } } } } : {}),
    },
    responses,
  };
}
