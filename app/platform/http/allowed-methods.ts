// The router's answers to a method a path does not serve, brought into the error contract: @koa/router leaves
// a bare 405 (known method) or 501 (a method it does not implement, e.g. WebDAV's PROPFIND) with an Allow
// header. Both become 405 method_not_allowed problem+json keeping Allow, so no client can cause a 5xx this way;
// a method on a path no route serves stays a 404 route_not_found.
import type Router from "@koa/router";
import type { Middleware } from "koa";
import { AppError } from "../errors/app-error.js";
import type { AppState } from "./app-state.js";

export function allowedMethods(router: Router<AppState>): Middleware<AppState> {
  const answer = router.allowedMethods() as unknown as Middleware<AppState>;
  return async (ctx, next) => {
    await answer(ctx, next);
    if ((ctx.status !== 405 && ctx.status !== 501) || ctx.body !== undefined) return;
    const allow = ctx.response.get("Allow");
    if (allow === "") throw new AppError("route_not_found");
    throw new AppError("method_not_allowed", { headers: { Allow: allow } });
  };
}
