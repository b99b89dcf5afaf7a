// Request bodies are JSON only, up to a limit counted after decoding. A body of another type is refused with
// 415 before parsing, and so is a Content-Encoding other than gzip, deflate, br or identity (RFC 9110 §15.5.16:
// with Accept-Encoding naming the supported ones). A compressed body that does not decode is a 400; one that
// inflates past the limit is a 413 as soon as it crosses it (the parser counts decoded bytes and stops there).
// Malformed JSON and oversize bodies surface as errors the error middleware maps to 400 and 413.
import { bodyParser } from "@koa/bodyparser";
import type { Middleware } from "koa";
import { AppError } from "../errors/app-error.js";
import type { AppState } from "./app-state.js";

const methodsWithBody = new Set(["POST", "PUT", "PATCH"]);
/** The codings the body parser decodes; content codings are case-insensitive, x-gzip is gzip (RFC 9110 §8.4.1). */
const supportedCodings = new Map([
  ["identity", "identity"],
  ["gzip", "gzip"],
  ["x-gzip", "gzip"],
  ["deflate", "deflate"],
  ["br", "br"],
]);
export const acceptedEncodings = "gzip, deflate, br";

export function jsonBody(limitBytes: number): Middleware<AppState>[] {
  const requireJson: Middleware<AppState> = async (ctx, next) => {
    if (
      methodsWithBody.has(ctx.method) &&
      ctx.request.length !== 0 &&
      hasBody(ctx.get("Content-Length"), ctx.get("Transfer-Encoding"))
    ) {
      if (!ctx.is("application/json", "application/*+json")) throw new AppError("unsupported_media_type");
      normalizeContentEncoding(ctx.req.headers);
    }
    return next();
  };
  const parser = bodyParser({
    enableTypes: ["json"],
    extendTypes: { json: ["application/json", "application/merge-patch+json"] },
    jsonLimit: limitBytes,
    jsonStrict: true,
  }) as unknown as Middleware<AppState>;
  const parse: Middleware<AppState> = async (ctx, next) => {
    try {
      await parser(ctx, async () => undefined);
    } catch (error) {
      const coding = ctx.req.headers["content-encoding"] ?? "identity";
      if (coding !== "identity" && isDecodingError(error))
        throw new AppError("invalid_content_encoding", { cause: error });
      throw error;
    }
    return next();
  };
  return [requireJson, parse];
}

function hasBody(contentLength: string, transferEncoding: string): boolean {
  return (contentLength !== "" && contentLength !== "0") || transferEncoding !== "";
}

/** Leaves exactly one supported coding, in the spelling the decoder knows, or refuses the request with 415. */
function normalizeContentEncoding(headers: Record<string, string | string[] | undefined>): void {
  const given = headers["content-encoding"];
  if (given === undefined) return;
  const coding = supportedCodings.get(String(given).trim().toLowerCase());
  if (!coding) {
    throw new AppError("unsupported_content_encoding", {
      detail: `Content-Encoding ${JSON.stringify(String(given).slice(0, 40))} is not supported; send ${acceptedEncodings} or none.`,
      headers: { "Accept-Encoding": acceptedEncodings },
    });
  }
  headers["content-encoding"] = coding;
}

/** zlib and brotli report a body that does not decode with a numeric errno; HTTP errors carry a status instead. */
function isDecodingError(error: unknown): boolean {
  const candidate = error as { errno?: unknown; code?: unknown; status?: unknown } | undefined;
  return typeof candidate?.errno === "number" && typeof candidate.code === "string" && candidate.status === undefined;
}
