// Turns every error into problem+json. Expected errors (AppError below 500) are logged at debug; anything else
// is logged with its stack and answered as a detail-less 500. Whatever the error, a body left unread is
// discarded so the keep-alive connection keeps working (or is closed), never left hanging.
import type { Middleware } from "koa";
import { AppError } from "../errors/app-error.js";
import { renderProblem, toAppError } from "../errors/problem-details.js";
import type { AppState } from "./app-state.js";
import { discardUnreadBody } from "./unread-body.js";

export function errorMiddleware(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AppError("route_not_found");
    } catch (thrown) {
      const error = toAppError(thrown);
      if (error.status >= 500) {
        ctx.state.log.error({ err: thrown, code: error.code }, "request failed");
      } else {
        ctx.state.log.debug({ code: error.code }, "request refused");
      }
      renderProblem(ctx, error, ctx.state.requestId);
      discardUnreadBody(ctx);
    }
  };
}
