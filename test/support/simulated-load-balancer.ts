// A small stand-in for an ALB: keep-alive connections to the target, a health check on /ready that takes an
// unhealthy target out of rotation (traffic moves to a standby, like other tasks), and a client load that
// counts every failed request. Bounded by a request budget and a deadline.
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

export interface LoadResult {
  sent: number;
  failed: number;
  servedByTarget: number;
  servedByTargetWhileDraining: number;
  failures: string[];
}

interface Options {
  targetPort: number;
  standbyPort: number;
  path: string;
  concurrency: number;
  durationMs: number;
  maxRequests: number;
  healthIntervalMs: number;
  unhealthyThreshold: number;
  isDraining: () => boolean;
}

export async function runLoadThroughBalancer(options: Options): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const result: LoadResult = { sent: 0, failed: 0, servedByTarget: 0, servedByTargetWhileDraining: 0, failures: [] };
  let targetHealthy = true;
  let failedChecks = 0;
  const deadline = Date.now() + options.durationMs;
  const healthLoop = (async () => {
    while (Date.now() < deadline && targetHealthy) {
      const status = await request(options.targetPort, "/ready").catch(() => 0);
      failedChecks = status === 200 ? 0 : failedChecks + 1;
      if (failedChecks >= options.unhealthyThreshold) targetHealthy = false;
      await sleep(options.healthIntervalMs);
    }
  })();
  const client = async () => {
    while (Date.now() < deadline && result.sent < options.maxRequests) {
      const toTarget = targetHealthy;
      const draining = options.isDraining();
      result.sent += 1;
      try {
        const status = await request(toTarget ? options.targetPort : options.standbyPort, options.path, agent);
        if (status !== 200) throw new Error(`status ${status}`);
        if (toTarget) result.servedByTarget += 1;
        if (toTarget && draining) result.servedByTargetWhileDraining += 1;
      } catch (error) {
        result.failed += 1;
        if (result.failures.length < 5) result.failures.push((error as Error).message);
      }
    }
  };
  await Promise.all([healthLoop, ...Array.from({ length: options.concurrency }, client)]);
  agent.destroy();
  return result;
}

function request(port: number, path: string, agent?: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path, agent: agent ?? false, timeout: 5000 }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

/** The other healthy targets behind the balancer. */
export async function startStandbyTarget(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((_request, response) => response.end("standby"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
