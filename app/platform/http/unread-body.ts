// After an error the request body may be left partly unread: refused before anyone read it, or abandoned
// mid-stream by the body parser, which leaves the request piped into a decoder that no longer reads. Unread
// bytes block a keep-alive connection (the next request behind them is never parsed), so the rest of the body
// is read and discarded and the connection stays usable. A body too large to be worth reading closes the
// connection instead: when its declared length says so, after the response; when it is chunked, once the
// discarded bytes pass the bound.
import type { Context } from "koa";

/** Beyond this many unread bytes, closing the connection is cheaper than reading them. */
export const maxDiscardedBodyBytes = 1024 * 1024;

export function discardUnreadBody(ctx: Context): void {
  const request = ctx.req;
  if (request.complete || request.destroyed) return;
  const declared = Number(request.headers["content-length"] ?? Number.NaN);
  if (declared > maxDiscardedBodyBytes) ctx.set("Connection", "close");
  let discarded = 0;
  request.unpipe();
  request.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > maxDiscardedBodyBytes) request.socket.destroy();
  });
  request.resume();
}
