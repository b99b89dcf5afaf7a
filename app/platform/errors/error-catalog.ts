// Every error a client can receive, by stable code. Codes are a public contract: add, never rename.
// `expose` says whether the error's own detail may reach the client; a 500 never carries detail.

export interface ErrorEntry {
  status: number;
  title: string;
  expose: boolean;
}

export const errorCatalog = {
  route_not_found: { status: 404, title: "No such route", expose: true },
  method_not_allowed: { status: 405, title: "Method not allowed on this route", expose: true },
  not_found: { status: 404, title: "Resource not found", expose: true },
  malformed_request: { status: 400, title: "Request is not valid HTTP", expose: true },
  malformed_json: { status: 400, title: "Request body is not valid JSON", expose: true },
  invalid_content_encoding: {
    status: 400,
    title: "Request body does not decode as its Content-Encoding",
    expose: true,
  },
  validation_failed: { status: 400, title: "Request failed validation", expose: true },
  unauthenticated: { status: 401, title: "Authentication required", expose: true },
  forbidden: { status: 403, title: "Not allowed", expose: true },
  request_timeout: { status: 408, title: "Request not received in time", expose: true },
  conflict: { status: 409, title: "Conflicts with the current state", expose: true },
  precondition_failed: { status: 412, title: "The resource changed since it was read", expose: true },
  payload_too_large: { status: 413, title: "Request body too large", expose: true },
  unsupported_media_type: { status: 415, title: "Content type must be application/json", expose: true },
  unsupported_content_encoding: {
    status: 415,
    title: "Content-Encoding must be gzip, deflate, br or identity",
    expose: true,
  },
  precondition_required: {
    status: 428,
    title: "The change must name the version it was made from (If-Match)",
    expose: true,
  },
  rate_limited: { status: 429, title: "Too many requests", expose: true },
  headers_too_large: { status: 431, title: "Request headers too large", expose: true },
  internal_error: { status: 500, title: "Internal server error", expose: false },
  service_unavailable: { status: 503, title: "Service temporarily unavailable", expose: true },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof errorCatalog;

export function problemTypeUri(code: ErrorCode): string {
  return `urn:rusty-saas:problem:${code}`;
}
