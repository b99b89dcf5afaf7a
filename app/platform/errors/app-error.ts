// The one error type the app throws on purpose. Anything else reaching the error handler is a bug → 500.
import { errorCatalog, type ErrorCode } from "./error-catalog.js";

export interface FieldError {
  field: string;
  message: string;
}

export interface AppErrorOptions {
  detail?: string;
  fields?: FieldError[];
  headers?: Record<string, string>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly status: number;
  readonly expose: boolean;
  readonly detail?: string;
  readonly fields?: FieldError[];
  readonly headers: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    options: AppErrorOptions = {},
  ) {
    super(
      options.detail ?? errorCatalog[code].title,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "AppError";
    this.status = errorCatalog[code].status;
    this.expose = errorCatalog[code].expose;
    if (options.detail !== undefined) this.detail = options.detail;
    if (options.fields !== undefined) this.fields = options.fields;
    this.headers = options.headers ?? {};
  }
}
