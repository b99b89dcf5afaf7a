// A route on its way out says so on every answer, success or error, so clients see it in their logs before it goes:
//   Deprecation: @<unix seconds>   (RFC 9745: when it was deprecated)
//   Sunset: <HTTP-date>            (RFC 8594: when it will stop answering)
//   Link: <…>; rel="deprecation"   (where to read what replaces it, when given)
// The policy behind it is in README.md, "Versioning and deprecation".
import type { Middleware } from "koa";
import type { AppState } from "../platform/http/app-state.js";

export interface DeprecationNotice {
  since: Date;
  sunset: Date;
  link?: string;
}

export function deprecationHeaderValues(notice: DeprecationNotice): Record<string, string> {
  if (notice.sunset.getTime() <= notice.since.getTime())
    throw new Error(`a sunset (${notice.sunset.toISOString()}) must come after its deprecation`);
  return {
    Deprecation: `@${Math.floor(notice.since.getTime() / 1000)}`,
    Sunset: notice.sunset.toUTCString(),
    ...(notice.link ? { Link: `<${notice.link}>; rel="deprecation"` } : {}),
  };
}

export function deprecationHeaders(notice: DeprecationNotice): Middleware<AppState> {
  const headers = deprecationHeaderValues(notice);
  return async (ctx, next) => {
    ctx.set(headers);
    await next();
  };
}
