// Validates one part of a request against its schema. Unknown fields are refused by the (strict) schemas,
// and every failure is reported per field in the problem+json.
import type { z } from "zod";
import { AppError } from "../platform/errors/app-error.js";

export type RequestPart = "params" | "query" | "body" | "headers";

export function validate<S extends z.ZodType>(schema: S, value: unknown, part: RequestPart): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({
    field: [part, ...issue.path.map(String)].join("."),
    message: issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message,
  }));
  // A malformed id in the path is a resource that cannot exist: 404, like an id from another organization.
  if (part === "params") throw new AppError("not_found");
  throw new AppError("validation_failed", { fields });
}
