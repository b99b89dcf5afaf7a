// /metrics lives on its own port so the load balancer, which only knows PORT, can never expose it.
import http from "node:http";
import type { Registry } from "prom-client";
import type { Logger } from "../logging/logger.js";

export function createMetricsServer(registry: Registry, log: Logger): http.Server {
  return http.createServer((request, response) => {
    if (request.method !== "GET" || request.url?.split("?")[0] !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not found: only GET /metrics is served here\n");
      return;
    }
    registry
      .metrics()
      .then((body) => response.writeHead(200, { "content-type": registry.contentType }).end(body))
      .catch((error: unknown) => {
        log.error({ err: error }, "metrics collection failed");
        response.writeHead(500, { "content-type": "text/plain" }).end("metrics collection failed\n");
      });
  });
}
