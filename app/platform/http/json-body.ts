// Request bodies are JSON only, up to a limit. A body of another type is refused with 415 before parsing;
// malformed JSON and oversize bodies surface as errors the error middleware maps to 400 and 413.
import { bodyParser } from "@koa/bodyparser";
import type { Middleware } from "koa";
import { AppError } from "../errors/app-error.js";
import type { AppState } from "./app-state.js";

const methodsWithBody = new Set(["POST", "PUT", "PATCH"]);

export function jsonBody(limitBytes: number): Middleware<AppState>[] {
  const requireJson: Middleware<AppState> = async (ctx, next) => {
    if (
      methodsWithBody.has(ctx.method) &&
      ctx.request.length !== 0 &&
      hasBody(ctx.get("Content-Length"), ctx.get("Transfer-Encoding"))
    ) {
      if (!ctx.is("application/json", "application/*+json")) throw new AppError("unsupported_media_type");
    }
    return next();
  };
  const parse = bodyParser({
    enableTypes: ["json"],
    extendTypes: { json: ["application/json", "application/merge-patch+json"] },
    jsonLimit: limitBytes,
    jsonStrict: true,
  }) as unknown as Middleware<AppState>;
  return [requireJson, parse];
}

function hasBody(contentLength: string, transferEncoding: string): boolean {
  return (contentLength !== "" && contentLength !== "0") || transferEncoding !== "";
}
