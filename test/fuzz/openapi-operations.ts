// Reads the app's own OpenAPI document into the operations the fuzzer drives: method, path template, its
// parameters (path, query, header) and JSON body schema, and whether a bearer token is expected. $refs are
// resolved here so the generators only ever see plain schemas.

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  $ref?: string;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** "PATCH /api/v1/cases/{caseId}", as the document names it. */
  key: string;
  method: string;
  pathTemplate: string;
  parameters: Parameter[];
  body?: JsonSchema;
  secured: boolean;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface RawOperation {
  parameters?: (Parameter & { schema: JsonSchema })[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: unknown[];
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const resolve = (schema: JsonSchema): JsonSchema => resolveRefs(schema, document.components?.schemas ?? {});
  const operations: Operation[] = [];
  for (const [pathTemplate, methods] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const bodySchema = raw.requestBody?.content?.["application/json"]?.schema;
      operations.push({
        key: `${method.toUpperCase()} ${pathTemplate}`,
        method: method.toUpperCase(),
        pathTemplate,
        parameters: (raw.parameters ?? []).map((parameter) => ({
          name: parameter.name,
          in: parameter.in,
          required: parameter.required,
          schema: resolve(parameter.schema),
        })),
        ...(bodySchema ? { body: resolve(bodySchema) } : {}),
        secured: (raw.security ?? []).length > 0,
      });
    }
  }
  return operations;
}

function resolveRefs(schema: JsonSchema, components: Record<string, JsonSchema>, depth = 0): JsonSchema {
  if (depth > 10) throw new Error("schema nesting deeper than 10: a recursive $ref?");
  if (schema.$ref) {
    const name = schema.$ref.replace("#/components/schemas/", "");
    const target = components[name];
    if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
    return resolveRefs(target, components, depth + 1);
  }
  const resolved: JsonSchema = { ...schema };
  if (schema.properties) {
    resolved.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, property]) => [name, resolveRefs(property, components, depth + 1)]),
    );
  }
  if (schema.items) resolved.items = resolveRefs(schema.items, components, depth + 1);
  return resolved;
}
