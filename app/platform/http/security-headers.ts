// helmet's security headers on every answer. With helmet's defaults (no CSP nonce, nothing read from the request)
// they are the same for every answer, so helmet runs once, at start, against a response that only records what it
// sets; each request then sets the recorded headers, without helmet's chain of thirteen middleware and the promise
// a Koa wrapper adds around it (bench/README.md has the measurement).
import type { IncomingMessage, ServerResponse } from "node:http";
import helmet, { type HelmetOptions } from "helmet";
import type { Middleware } from "koa";

export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

/** The headers helmet sets for these options, in its order. Throws if helmet would need the request to decide. */
export function helmetHeaders(options: HelmetOptions = {}): HeaderList {
  const recorded = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      if (typeof value !== "string") throw new Error(`helmet set ${name} to a non-string value`);
      recorded.set(name, value);
      return recorder;
    },
    // helmet removes X-Powered-By, which Koa never sets.
    removeHeader() {},
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    finished = true;
  });
  // helmet's middleware is synchronous; a version that was not would leave headers unrecorded.
  if (!finished || recorded.size === 0) throw new Error("helmet did not set its headers synchronously");
  return [...recorded];
}

export function securityHeaders(headers: HeaderList = helmetHeaders()): Middleware {
  return (ctx, next) => {
    for (const [name, value] of headers) ctx.res.setHeader(name, value);
    return next();
  };
}
