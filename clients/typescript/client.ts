// A small typed client for the Rusty SaaS API: openapi-fetch over the types generated from the OpenAPI document
// (api-types.ts), so a path, a parameter or a field the API does not have is a compile error, and every answer is
// typed by its status: `data` on success, `error` (problem+json) otherwise.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./api-types.js";

export type RustyClient = ReturnType<typeof createClient<paths>>;
export type Problem = components["schemas"]["Problem"];
export type Case = components["schemas"]["Case"];
export type Session = components["schemas"]["Session"];

export interface ClientOptions {
  /** The API's origin, e.g. https://api.example.com (paths carry /api/v1). */
  baseUrl: string;
  /** An access token from signUp, logIn or refreshTokens: sent as a bearer token on every request. */
  accessToken?: string;
  fetch?: typeof fetch;
}

export function createRustyClient(options: ClientOptions): RustyClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
  if (options.accessToken) client.use(bearer(options.accessToken));
  return client;
}

function bearer(token: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
  };
}
