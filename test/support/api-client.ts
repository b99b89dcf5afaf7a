// A thin HTTP client for black-box API tests: JSON in, status + headers + JSON out.
export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  as(token: string | undefined): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  get<T = Record<string, unknown>>(path: string, options: RequestOptions = {}) {
    return this.send<T>("GET", path, options);
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown, options: RequestOptions = {}) {
    return this.send<T>("POST", path, { ...options, body });
  }

  patch<T = Record<string, unknown>>(path: string, body?: unknown, options: RequestOptions = {}) {
    return this.send<T>("PATCH", path, { ...options, body });
  }

  delete<T = Record<string, unknown>>(path: string, options: RequestOptions = {}) {
    return this.send<T>("DELETE", path, options);
  }

  async send<T>(method: string, path: string, options: RequestOptions): Promise<ApiResponse<T>> {
    const token = options.token ?? this.token;
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    const isJson = (response.headers.get("content-type") ?? "").includes("json") && text.length > 0;
    return { status: response.status, headers: response.headers, body: (isJson ? JSON.parse(text) : {}) as T, text };
  }
}

/** The id the API gave the request: audit rows carry it. */
export function requestIdOf(response: { headers: Headers }): string {
  return response.headers.get("x-request-id") as string;
}

/** The fields a validation problem names. */
export function fieldsOf(response: ApiResponse<unknown>): string[] {
  return ((response.body as { errors?: { field: string }[] }).errors ?? []).map((error) => error.field);
}

/** Options naming the version a change was made from: PATCH and DELETE on cases and tasks require it. */
export function ifMatch(version: number | string): RequestOptions {
  return { headers: { "If-Match": typeof version === "number" ? `"${version}"` : version } };
}
