// The OpenAPI 3.1 document, generated from the same route definitions and zod schemas that serve requests.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { errorCatalog, type ErrorCode } from "../platform/errors/error-catalog.js";
import { problemDocument } from "../platform/errors/problem-details.js";
import { AppError } from "../platform/errors/app-error.js";
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

/** The global limiter's headers, on every answer (platform/rate-limit); a 429 adds Retry-After. */
const seconds = (description: string) => z.number().int().min(0).openapi({ description });
const rateLimitHeaders = z.object({
  "RateLimit-Limit": z.number().int().min(1).openapi({ description: "Requests allowed in the current window" }),
  "RateLimit-Remaining": z.number().int().min(0).openapi({ description: "Requests left in the current window" }),
  "RateLimit-Reset": seconds("Seconds until the window resets"),
});
const rateLimitedHeaders = rateLimitHeaders.extend({ "Retry-After": seconds("Seconds to wait before retrying") });

/** `/cases/:caseId` → `/cases/{caseId}` */
export function toOpenApiPath(koaPath: string): string {
  return koaPath.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

/** An operation's examples, shown by the reference: its request body and success body, and its parameters. */
export interface OperationExamples {
  request?: unknown;
  response?: unknown;
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
}

/** What the reference adds to the route table: examples by operationId, and a sentence for each tag. */
export interface ReferenceText {
  examples?: Record<string, OperationExamples>;
  tags?: Record<string, string>;
}

/** What every reader needs before the operations: it opens the rendered reference. */
const overview = `Multi-tenant case management: organizations, members, cases, tasks, audit trail and privacy rights.

**Authentication.** \`POST /api/v1/auth/signup\` or \`/auth/login\` returns an \`accessToken\` (a JWT of at most 15
minutes) and a \`refreshToken\` (rotated on every use). Send the access token as \`Authorization: Bearer <token>\`;
every operation names the least role it needs (\`x-required-role\`: member, admin or owner), in the organization the
token was issued for.

**Errors.** Every refusal is \`application/problem+json\` (RFC 9457) with a stable \`code\` (never renamed), the
\`requestId\` to quote to support, and for validation failures the \`errors\` per field.

**Lists** are cursor-paged: \`limit\` (1–100, default 20) and the \`nextCursor\` of the previous page.

**Concurrency.** Cases and tasks carry their version as an \`ETag\`; changing or deleting one requires it back in
\`If-Match\`: without the header the answer is 428, with a stale version 412 (both carry the current \`ETag\`).

**Rate limits.** Every answer carries \`RateLimit-Limit\`, \`RateLimit-Remaining\` and \`RateLimit-Reset\`; a 429 adds
\`Retry-After\`.

**Versioning.** \`/api/v1\` only changes compatibly; a breaking change ships as \`/api/v2\`. An operation on its way
out is marked deprecated and answers with \`Deprecation\` and \`Sunset\` headers before it is removed.`;

export function buildOpenApiDocument(
  definitions: RouteDefinition[],
  version: string,
  reference: ReferenceText = {},
): OpenApiDocument {
  const examples = reference.examples ?? {};
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "The accessToken from signup, login or refresh: a short-lived HS256 JWT whose algorithm, issuer, audience and expiry are checked on every request (RFC8725 practices).",
  });
  for (const route of definitions) registry.registerPath(routeConfig(route, bearer.name, examples[route.operationId]));
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Rusty SaaS API",
      version,
      description: overview,
    },
    tags: [...new Set(definitions.map((route) => route.tag))].map((name) => ({
      name,
      ...(reference.tags?.[name] ? { description: reference.tags[name] } : {}),
    })),
    servers: [{ url: "/", "x-internal": false } as { url: string }],
  });
  addParameterExamples(document, examples);
  return document;
}

/** The code an error example shows for a status: the usual one, else the catalog's first with that status. */
const usualCodes: Record<number, ErrorCode> = {
  400: "validation_failed",
  404: "not_found",
  415: "unsupported_media_type",
};

/** A problem+json body as the error middleware writes it (problemDocument), for one status of one operation. */
export function problemExample(status: number, path: string): unknown {
  const code =
    usualCodes[status] ??
    (Object.keys(errorCatalog) as ErrorCode[]).find((candidate) => errorCatalog[candidate].status === status);
  if (!code) throw new Error(`no error code in the catalog answers ${status} (${path})`);
  const fields = code === "validation_failed" ? [{ field: "body.title", message: "Required" }] : undefined;
  const instance = path.replace(/\{[A-Za-z]+\}/g, "7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b");
  return problemDocument(new AppError(code, fields ? { fields } : {}), instance, "01JDX3Q7ZK4V9M2N8P6R5T3W1Y");
}

type ParameterObject = { name: string; in: string; example?: unknown };

function addParameterExamples(document: OpenApiDocument, examples: Record<string, OperationExamples>): void {
  for (const item of Object.values(document.paths ?? {}))
    for (const operation of Object.values(
      item as Record<string, { operationId?: string; parameters?: ParameterObject[] }>,
    )) {
      const given = examples[operation.operationId ?? ""];
      for (const parameter of operation.parameters ?? []) {
        const values = { path: given?.params, query: given?.query, header: given?.headers }[parameter.in];
        if (values && parameter.name in values) parameter.example = values[parameter.name];
      }
    }
}

function routeConfig(route: RouteDefinition, bearerName: string, examples: OperationExamples = {}): RouteConfig {
  const path = `${apiPrefix}${toOpenApiPath(route.path)}`;
  const problem = (description: string, status: number) => ({
    description,
    headers: rateLimitHeaders,
    content: { "application/problem+json": { schema: problemSchema, example: problemExample(status, path) } },
  });
  const example = (value: unknown) => (value === undefined ? {} : { example: value });
  const responses: RouteConfig["responses"] = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    const content =
      Number(status) >= 400
        ? problem(spec.description, Number(status)).content
        : spec.schema
          ? { "application/json": { schema: spec.schema, ...example(examples.response) } }
          : undefined;
    responses[status] = {
      description: spec.description,
      ...(content ? { content } : {}),
      headers: spec.headers ? rateLimitHeaders.extend(spec.headers.shape) : rateLimitHeaders,
    };
  }
  if (route.params || route.body || route.query)
    responses["400"] = problem("Invalid input (validation_failed, malformed_json)", 400);
  if (route.access !== "public") {
    responses["401"] = problem("Missing, invalid or expired access token, or no longer a member", 401);
    if (route.access !== "member") responses["403"] = problem(`Requires the ${route.access} role`, 403);
  }
  if (route.params) responses["404"] = problem("Not found in the caller's organization", 404);
  responses["429"] = problem("Rate limited", 429);
  responses["429"].headers = rateLimitedHeaders;
  return {
    method: route.method,
    path,
    operationId: route.operationId,
    summary: route.summary,
    // x-sunset is what oasdiff reads to allow removing a deprecated operation once its sunset has passed.
    ...(route.deprecated ? { deprecated: true, "x-sunset": route.deprecated.sunset.toISOString().slice(0, 10) } : {}),
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    ...(route.access === "public" ? {} : { security: [{ [bearerName]: [] }] }),
    "x-required-role": route.access,
    request: {
      ...(route.params ? { params: route.params as never } : {}),
      ...(route.query ? { query: route.query as never } : {}),
      ...(route.headers ? { headers: route.headers } : {}),
      ...(route.body
        ? {
            body: {
              required: true,
              content: { "application/json": { schema: route.body, ...example(examples.request) } },
            },
          }
        : {}),
    },
    responses,
  };
}
