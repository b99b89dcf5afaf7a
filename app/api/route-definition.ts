// A route is declared once — method, path, access, schemas, responses, handler — and that declaration is both
// mounted on the router and written into the OpenAPI document, so the two cannot disagree.
import type { Middleware } from "koa";
import type { z } from "zod";
import type { AppContext, AppState } from "../platform/http/app-state.js";
import type { Role } from "./roles.js";

export type HttpMethod = "get" | "post" | "patch" | "delete";

/** `public`: no token. A role: a valid token of a member holding at least that role. */
export type Access = "public" | Role;

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Response headers worth documenting, e.g. ETag. */
  headers?: z.ZodObject;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

export interface RouteDefinition<P = unknown, Q = unknown, B = unknown> {
  method: HttpMethod;
  /** Koa path syntax, relative to /api/v1: `/cases/:caseId`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Request headers the handler reads (documented in OpenAPI; the handler interprets them). */
  headers?: z.ZodObject;
  /** Success responses; the error responses every route can give are added to the document. */
  responses: Record<number, ResponseSpec>;
  /** Extra middleware run before validation, e.g. stricter rate limits. */
  before?: Middleware<AppState>[];
  handle(ctx: AppContext, input: RouteInput<P, Q, B>): Promise<void>;
}

/** Keeps each route's parameter types while the routes are collected in plain arrays. */
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  definition: RouteDefinition<P, Q, B>,
): RouteDefinition {
  return definition as unknown as RouteDefinition;
}
