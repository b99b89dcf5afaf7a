// Bearer authentication: verifies the access token and records who is calling. Whether that user is still a
// member, and with the route's role, is checked inside the route's transaction (tenant-context.ts), so a removed
// member loses access at once rather than when the token expires.
import type { Middleware } from "koa";
import { AppError } from "../platform/errors/app-error.js";
import type { AppState } from "../platform/http/app-state.js";
import type { AccessTokens } from "./access-tokens.js";

export function authenticate(tokens: AccessTokens): Middleware<AppState> {
  return async (ctx, next) => {
    const header = ctx.get("Authorization");
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header);
    if (!match?.[1]) {
      throw new AppError("unauthenticated", { headers: { "WWW-Authenticate": 'Bearer realm="rusty-saas"' } });
    }
    const claims = await tokens.verify(match[1]);
    ctx.state.caller = claims;
    return next();
  };
}
