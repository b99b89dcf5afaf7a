// Mounts route definitions on one Koa router under /api/v1. Every route runs the same chain:
//   [route's own limits] → authenticate (unless public) → validate → prepare → open the route's transaction
//   (membership and role confirmed before the service) → run the service → reply (status, headers, body)
import Router from "@koa/router";
import type { AppContext, AppState } from "../platform/http/app-state.js";
import type { AccessTokens } from "./access-tokens.js";
import { authenticate } from "./authenticate.js";
import { deprecationHeaders } from "./deprecation.js";
import type { RequestScope } from "./request-scope.js";
import { publicTransactionKinds, type Reply, type RouteDefinition, type RouteInput } from "./route-definition.js";
import { transactionDoors } from "./transaction-doors.js";
import { validate } from "./validation.js";

export const apiPrefix = "/api/v1";

export function mountRoutes(definitions: RouteDefinition[], tokens: AccessTokens): Router<AppState> {
  const router = new Router<AppState>({ prefix: apiPrefix });
  const requireToken = authenticate(tokens);
  for (const route of definitions) {
    const status = checkRouteShape(route);
    const door = transactionDoors[route.transaction];
    const chain = [...(route.deprecated ? [deprecationHeaders(route.deprecated)] : []), ...(route.before ?? [])];
    if (route.access !== "public") chain.push(requireToken);
    router[route.method](route.path, ...chain, async (ctx) => {
      const input = validInput(route, ctx);
      const prepared = route.prepare ? await route.prepare(input) : input;
      const result = await door.open(requestScope(ctx), route.access, (tx) => route.run(tx as never, prepared));
      respond(ctx, status, route.reply ? route.reply(result) : { body: result });
    });
  }
  return router;
}

/** Refuses, at start, a route whose access does not fit its transaction; returns its one success status. */
export function checkRouteShape(route: RouteDefinition): number {
  const name = `${route.method.toUpperCase()} ${route.path}`;
  const publicTransaction = (publicTransactionKinds as readonly string[]).includes(route.transaction);
  if (publicTransaction !== (route.access === "public"))
    throw new Error(`${name}: access ${route.access} does not fit a ${route.transaction} transaction`);
  const successes = Object.keys(route.responses)
    .map(Number)
    .filter((status) => status >= 200 && status < 300);
  if (successes.length !== 1 || successes[0] === undefined)
    throw new Error(`${name}: declares ${successes.length} success responses; exactly one is its status`);
  return successes[0];
}

function validInput(route: RouteDefinition, ctx: AppContext): RouteInput<unknown, unknown, unknown, unknown> {
  return {
    params: route.params ? validate(route.params, ctx.params, "params") : {},
    query: route.query ? validate(route.query, ctx.query, "query") : {},
    body: route.body ? validate(route.body, ctx.request.body, "body") : undefined,
    headers: route.headers ? validate(route.headers, ctx.headers, "headers") : {},
  };
}

function requestScope(ctx: AppContext): RequestScope {
  return {
    session: ctx.state.db,
    ...(ctx.state.caller ? { caller: ctx.state.caller } : {}),
    origin: { requestId: ctx.state.requestId, clientIp: ctx.ip },
  };
}

function respond(ctx: AppContext, status: number, reply: Reply): void {
  ctx.status = status;
  for (const [name, value] of Object.entries(reply.headers ?? {})) ctx.set(name, value);
  if (reply.body !== undefined) ctx.body = reply.body;
}
