// A route is declared once, as data: method, path, who may call it (access), which transaction its service runs
// in, its schemas and responses, the service call (run) and how the result is shaped (reply). The router mounts
// that declaration, the OpenAPI document describes it, and the route-table tests walk it, so they cannot disagree.
import type { Middleware } from "koa";
import type { z } from "zod";
import type { AppState } from "../platform/http/app-state.js";
import type { AccountTransaction } from "./account-transactions.js";
import type { DeprecationNotice } from "./deprecation.js";
import type { PersonTransaction } from "./person-transactions.js";
import type { Role } from "./roles.js";
import type { TenantReadTransaction, TenantWriteTransaction } from "./tenant-transactions.js";

export type HttpMethod = "get" | "post" | "patch" | "delete";

/** What a route's service receives, by the kind of transaction the route declares (see transaction-doors.ts). */
export interface Transactions {
  "tenant-read": TenantReadTransaction;
  "tenant-read-primary": TenantReadTransaction;
  "tenant-write": TenantWriteTransaction;
  signup: AccountTransaction;
  login: AccountTransaction;
  "refresh-token": AccountTransaction;
  invitation: PersonTransaction;
  erasure: PersonTransaction;
  /** No database at all (the API's own documentation). */
  none: null;
}

export type TransactionKind = keyof Transactions;

/** The transactions that open before anyone is signed in; every other one confirms the caller's role first. */
export const publicTransactionKinds = ["signup", "login", "refresh-token", "none"] as const;
type PublicTransactionKind = (typeof publicTransactionKinds)[number];

/**
 * `public`: no token. A role: a valid token of a member holding at least that role, confirmed inside the
 * route's transaction before its service runs. A route's transaction decides which of the two it can be, so a
 * route with a role always opens a transaction that checks it.
 */
export type Access<T extends TransactionKind = TransactionKind> = T extends PublicTransactionKind ? "public" : Role;

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Response headers worth documenting, e.g. ETag. */
  headers?: z.ZodObject;
}

export interface RouteInput<P, Q, B, H> {
  params: P;
  query: Q;
  body: B;
  headers: H;
}

/** What a route answers besides its status (the one 2xx of its responses): the body and headers to send. */
export interface Reply {
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteDefinition<
  T extends TransactionKind = TransactionKind,
  P = unknown,
  Q = unknown,
  B = unknown,
  H = unknown,
  I = RouteInput<P, Q, B, H>,
  R = unknown,
> {
  method: HttpMethod;
  /** Koa path syntax, relative to /api/v1: `/cases/:caseId`. */
  path: string;
  /** The operation's stable name in OpenAPI and in generated clients (`listCases`): renaming it breaks clients. */
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access<T>;
  transaction: T;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Request headers the service reads: validated like the rest and documented in OpenAPI. */
  headers?: z.ZodObject & z.ZodType<H>;
  /** The success response (exactly one 2xx, which is the status sent) and the route's own error responses. */
  responses: Record<number, ResponseSpec>;
  /**
   * Set when the route is on its way out (see README, "Versioning and deprecation"): responses then carry
   * `Deprecation` (the date it was deprecated) and `Sunset` (the date it will be removed), and OpenAPI marks it.
   */
  deprecated?: DeprecationNotice;
  /** Extra middleware run before authentication and validation, e.g. stricter rate limits. */
  before?: Middleware<AppState>[];
  /** Slow work on the validated input that must not hold a database connection (password hashing). */
  prepare?(input: RouteInput<P, Q, B, H>): Promise<I>;
  /** The service call, inside the route's transaction. */
  run(tx: Transactions[T], input: I): Promise<R>;
  /** Shapes the result into the response (presenters); without it the result is the body. */
  reply?(result: R): Reply;
}

/** Keeps each route's types while the routes are collected in plain arrays. */
export function defineRoute<
  T extends TransactionKind,
  P = Record<string, never>,
  Q = Record<string, never>,
  B = undefined,
  H = Record<string, never>,
  I = RouteInput<P, Q, B, H>,
  R = unknown,
>(definition: RouteDefinition<T, P, Q, B, H, I, R>): RouteDefinition {
  return definition as unknown as RouteDefinition;
}
