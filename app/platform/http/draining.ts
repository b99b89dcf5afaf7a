// Shared drain flag. While draining, /ready answers 503 and every response asks the client (the load balancer)
// to close its keep-alive connection, so traffic moves to other targets without a failed request.
import type { Middleware } from "koa";

export class DrainState {
  private drainingSince?: number;

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  startDraining(): void {
    this.drainingSince ??= Date.now();
  }
}

export function closeConnectionsWhenDraining(drain: DrainState): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      if (drain.draining) ctx.set("Connection", "close");
    }
  };
}
