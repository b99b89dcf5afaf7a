// Every operation carries realistic examples, and each one is valid: request bodies, success bodies, problem bodies
// and parameters, checked with Ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses) against the schemas the document
// publishes, and request bodies also through the zod schemas the router validates with.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { apiRouteTable } from "../../app/api-routes.js";
import type { ApiContext } from "../../app/api/api-context.js";
import { toOpenApiPath } from "../../app/api/openapi-document.js";
import { loadConfig } from "../../app/config/load-config.js";
import { currentOpenApiDocument } from "../../app/openapi-command.js";

type Media = { schema: object; example?: unknown };
type Operation = {
  operationId: string;
  parameters?: { name: string; in: string; schema: object; example?: unknown }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
};

const document = currentOpenApiDocument() as unknown as {
  paths: Record<string, Record<string, Operation>>;
  components: object;
};
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
);

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
/** Validates against a schema of the document, its $refs resolved inside the document's components. */
function errorsOf(schema: object, value: unknown): string | undefined {
  const validate = ajv.compile({ ...schema, components: document.components });
  return validate(value) ? undefined : ajv.errorsText(validate.errors);
}

/** Every example the document holds, or the place one is missing. */
function examples(): { where: string; schema: object; example: unknown }[] {
  return operations.flatMap(({ name, operation }) => [
    ...(operation.parameters ?? []).map((parameter) => ({
      where: `${name} ${parameter.in} parameter ${parameter.name}`,
      schema: parameter.schema,
      example: parameter.example,
    })),
    ...Object.entries(operation.requestBody?.content ?? {}).map(([type, media]) => ({
      where: `${name} request ${type}`,
      schema: media.schema,
      example: media.example,
    })),
    ...Object.entries(operation.responses).flatMap(([status, response]) =>
      Object.entries(response.content ?? {}).map(([type, media]) => ({
        where: `${name} ${status} ${type}`,
        schema: media.schema,
        example: media.example,
      })),
    ),
  ]);
}

describe("examples in the OpenAPI document", () => {
  it("gives every operation with a body, a parameter or a JSON response an example of each", () => {
    expect(operations.length).toBeGreaterThan(25);
    const all = examples();
    expect(all.length).toBeGreaterThan(150);
    // The OpenAPI document's own response is the document itself: describing it by example would be circular.
    const missing = all.filter(
      ({ where, example }) => example === undefined && !where.startsWith("GET /api/v1/openapi.json 200"),
    );
    expect(missing.map(({ where }) => where)).toEqual([]);
  });

  it("makes every example valid against its schema in the document", () => {
    const invalid = examples()
      .filter(({ example }) => example !== undefined)
      .map(({ where, schema, example }) => ({ where, errors: errorsOf(schema, example) }))
      .filter(({ errors }) => errors !== undefined);
    expect(invalid).toEqual([]);
  });

  it("uses realistic values: no placeholder strings a generator would write", () => {
    const placeholders = examples().filter(({ example }) =>
      /"(string|example|test|foo|bar)"/.test(JSON.stringify(example)),
    );
    expect(placeholders.map(({ where }) => where)).toEqual([]);
  });

  it("has request examples the router's own zod schemas accept", () => {
    const config = loadConfig({ NODE_ENV: "development" });
    const routes = apiRouteTable({ config, createLimiter: () => ({}) } as unknown as ApiContext);
    const refused = routes.flatMap((route) => {
      const operation = document.paths[`/api/v1${toOpenApiPath(route.path)}`]?.[route.method];
      const example = operation?.requestBody?.content["application/json"]?.example;
      if (!route.body) return [];
      const result = route.body.safeParse(example);
      return result.success ? [] : [`${route.operationId}: ${result.error.message}`];
    });
    expect(refused).toEqual([]);
  });

  it("fails on an example that does not fit its schema (the check can fail)", () => {
    const caseSchema = { $ref: "#/components/schemas/Case" };
    expect(errorsOf(caseSchema, { id: "not-a-uuid" })).toMatch(/must/);
  });
});
