// Starts the API and metrics servers with timeouts that suit a keep-alive load balancer, and stops them as the
// runtime contract says (docs/architecture.md): drain (ready=503, Connection: close, still serving), close, bound
// in-flight work.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { AppConfig } from "../../config/app-config.js";
import type { DrainState } from "../http/draining.js";
import { answerClientError } from "./client-errors.js";
import type { Logger } from "../logging/logger.js";

export function createApiServer(handler: http.RequestListener, config: AppConfig["http"]): http.Server {
  const server = http.createServer(handler);
  // Above the ALB's 60 s idle timeout, so the load balancer, not us, closes idle connections (no 502 races).
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  server.headersTimeout = config.keepAliveTimeoutMs + 1000;
  server.requestTimeout = config.requestTimeoutMs;
  server.on("clientError", answerClientError);
  return server;
}

export async function listen(server: http.Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export interface DrainPlan {
  drain: DrainState;
  drainMs: number;
  requestTimeoutMs: number;
  log: Logger;
}

/** Drain, then close: the server keeps serving for the drain window so no request meets a closed socket. */
export async function drainAndClose(server: http.Server, plan: DrainPlan): Promise<void> {
  plan.drain.startDraining();
  plan.log.info({ drainMs: plan.drainMs }, "draining: readiness is 503 and connections close after their response");
  await sleep(plan.drainMs);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timedOut = sleep(plan.requestTimeoutMs).then(() => "timeout" as const);
  if ((await Promise.race([closed, timedOut])) === "timeout") {
    plan.log.warn(
      { requestTimeoutMs: plan.requestTimeoutMs },
      "in-flight requests outlived the bound; closing their connections",
    );
    server.closeAllConnections();
    await closed;
  }
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
