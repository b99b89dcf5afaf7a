// Renders any thrown value as RFC 9457 problem+json. Unknown errors become a detail-less 500.
import type { Context } from "koa";
import { AppError, type FieldError } from "./app-error.js";
import { errorCatalog, problemTypeUri, type ErrorCode } from "./error-catalog.js";

export const problemContentType = "application/problem+json";

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance: string;
  requestId: string;
  errors?: FieldError[];
}

/** Maps errors raised by Koa and its body parser (which carry status/type) onto catalog codes. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const candidate = error as { status?: unknown; type?: unknown };
  if (candidate?.type === "entity.too.large" || candidate?.status === 413)
    return new AppError("payload_too_large", { cause: error });
  if (candidate?.status === 400 && isBodyError(error)) return new AppError("malformed_json", { cause: error });
  if (candidate?.status === 415) return new AppError("unsupported_media_type", { cause: error });
  return fromDatabaseError(error) ?? new AppError("internal_error", { cause: error });
}

/**
 * A body that could not be read as JSON: a parse failure, or a body that ended early or did not match its
 * Content-Length (raw-body's `request.*` types, e.g. a client that gave up mid-body).
 */
function isBodyError(error: unknown): boolean {
  const candidate = error as { body?: unknown; type?: unknown } | undefined;
  const type = typeof candidate?.type === "string" ? candidate.type : "";
  return error instanceof SyntaxError || candidate?.body !== undefined || /^(entity|request)\./.test(type);
}

export function problemDocument(error: AppError, instance: string, requestId: string): ProblemDocument {
  const entry = errorCatalog[error.code];
  return {
    type: problemTypeUri(error.code),
    title: entry.title,
    status: entry.status,
    code: error.code,
    ...(entry.expose && error.detail ? { detail: error.detail } : {}),
    instance,
    requestId,
    ...(error.fields ? { errors: error.fields } : {}),
  };
}

export function renderProblem(ctx: Context, error: AppError, requestId: string): void {
  ctx.status = error.status;
  for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
  ctx.type = problemContentType;
  ctx.body = problemDocument(error, ctx.path, requestId);
}

/**
 * PostgreSQL errors a client's request can cause, by SQLSTATE: a race on a unique value, input PostgreSQL rejects,
 * a transaction PostgreSQL chose to abort (deadlock, serialization) which is safe to retry, or a statement it
 * cancelled (statement_timeout: an overloaded or failing-over server), which is worth retrying later.
 */
function fromDatabaseError(error: unknown): AppError | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  if (code === "23505")
    return new AppError("conflict", { detail: "A concurrent change took this value first.", cause: error });
  if (code === "40P01" || code === "40001") {
    return new AppError("service_unavailable", {
      detail: "Concurrent changes collided; retry.",
      headers: { "Retry-After": "1" },
      cause: error,
    });
  }
  if (code === "57014") {
    return new AppError("service_unavailable", {
      detail: "The database took too long; retry shortly.",
      headers: { "Retry-After": "5" },
      cause: error,
    });
  }
  if (code.startsWith("22"))
    return new AppError("validation_failed", { detail: "A value was refused by the database.", cause: error });
  return undefined;
}
