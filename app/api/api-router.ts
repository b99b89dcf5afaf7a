// Mounts route definitions on one Koa router under /api/v1:
//   [route's own limits] → authenticate → validate → handler (transaction → authorize → command → present)
import Router from "@koa/router";
import type { AppState } from "../platform/http/app-state.js";
import type { AccessTokens } from "./access-tokens.js";
import { authenticate } from "./authenticate.js";
import type { RouteDefinition } from "./route-definition.js";
import { validate } from "./validation.js";

export const apiPrefix = "/api/v1";

export function mountRoutes(definitions: RouteDefinition[], tokens: AccessTokens): Router<AppState> {
  const router = new Router<AppState>({ prefix: apiPrefix });
  const requireToken = authenticate(tokens);
  for (const route of definitions) {
    const chain = [...(route.before ?? [])];
    if (route.access !== "public") chain.push(requireToken);
    router[route.method](route.path, ...chain, async (ctx) => {
      if (route.access !== "public") ctx.state.requiredRole = route.access;
      const input = {
        params: route.params ? validate(route.params, ctx.params, "params") : {},
        query: route.query ? validate(route.query, ctx.query, "query") : {},
        body: route.body ? validate(route.body, ctx.request.body, "body") : undefined,
      };
      await route.handle(ctx, input);
    });
  }
  return router;
}
