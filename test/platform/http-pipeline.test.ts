// The request pipeline seen from a client: ids, error shapes, body rules, headers, CORS, probes and metrics.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import helmet from "helmet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type AppUnderTest } from "../support/app-under-test.js";
import { probeRoutes } from "../support/probe-routes.js";

let app: AppUnderTest;
beforeAll(async () => {
  app = await startTestApp({ CORS_ORIGINS: "https://app.example.com", BODY_LIMIT_BYTES: "2048" }, probeRoutes);
});
afterAll(() => app?.stop());

const post = (path: string, body: string, type = "application/json") =>
  fetch(`${app.baseUrl}${path}`, { method: "POST", headers: { "content-type": type }, body });

describe("request id", () => {
  it("keeps a safe inbound X-Request-Id and echoes it", async () => {
    const response = await fetch(`${app.baseUrl}/live`, { headers: { "x-request-id": "edge-1234abcd" } });
    expect(response.headers.get("x-request-id")).toBe("edge-1234abcd");
  });

  it("replaces an unsafe inbound id with a generated one", async () => {
    const response = await fetch(`${app.baseUrl}/live`, { headers: { "x-request-id": "<script>alert(1)</script>" } });
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("errors are problem+json with a stable code", () => {
  it("answers an unknown route with 404 route_not_found", async () => {
    const response = await fetch(`${app.baseUrl}/no/such/route`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as { requestId: string };
    expect(problem).toMatchObject({ status: 404, code: "route_not_found", instance: "/no/such/route" });
    expect(problem.requestId).toBe(response.headers.get("x-request-id"));
  });

  it("answers malformed JSON with 400 malformed_json", async () => {
    const response = await post("/probe/echo", '{"unterminated": ');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "malformed_json" });
  });

  it("answers a body above the limit with 413 payload_too_large", async () => {
    const response = await post("/probe/echo", JSON.stringify({ filler: "x".repeat(4096) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "payload_too_large" });
  });

  it("answers a non-JSON body with 415 unsupported_media_type", async () => {
    const response = await post("/probe/echo", "a=1", "application/x-www-form-urlencoded");
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ code: "unsupported_media_type" });
  });

  it("answers an unexpected exception with a 500 that carries no detail and no stack", async () => {
    const response = await fetch(`${app.baseUrl}/probe/boom`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      type: "urn:rusty-saas:problem:internal_error",
      title: "Internal server error",
      status: 500,
      code: "internal_error",
      instance: "/probe/boom",
      requestId: response.headers.get("x-request-id"),
    });
    expect(text).not.toMatch(/internal detail|at .*\.ts|postgres:\/\//);
    expect(app.logs.some((line) => line.includes('"level":"error"') && line.includes("internal detail"))).toBe(true);
  });

  it("answers a wrong method on a known route with 405", async () => {
    const response = await fetch(`${app.baseUrl}/probe/read`, { method: "DELETE" });
    expect(response.status).toBe(405);
  });
});

describe("security headers and CORS", () => {
  it("sends helmet's security headers", async () => {
    const response = await fetch(`${app.baseUrl}/live`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("strict-transport-security")).toContain("max-age=");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });

  it("sends exactly the headers helmet sets when it runs on the request, on answers and on errors", async () => {
    const reference = await headersOfHelmetRunPerRequest();
    expect(Object.keys(reference).length).toBeGreaterThan(10);
    for (const path of ["/live", "/no/such/route"]) {
      const response = await fetch(`${app.baseUrl}${path}`);
      for (const [name, value] of Object.entries(reference))
        expect([path, name, response.headers.get(name)]).toEqual([path, name, value]);
    }
  });

  it("allows a configured origin and not another", async () => {
    const allowed = await fetch(`${app.baseUrl}/live`, { headers: { origin: "https://app.example.com" } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    const refused = await fetch(`${app.baseUrl}/live`, { headers: { origin: "https://evil.example.net" } });
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("probes", () => {
  it("reports live, ready and healthy with every dependency's latency", async () => {
    expect((await fetch(`${app.baseUrl}/live`)).status).toBe(200);
    const ready = await fetch(`${app.baseUrl}/ready`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get("cache-control")).toBe("no-store");
    const health = (await (await fetch(`${app.baseUrl}/health`)).json()) as {
      status: string;
      dependencies: { name: string; latencyMs: number }[];
    };
    expect(health.status).toBe("healthy");
    expect(health.dependencies.map((dependency) => dependency.name)).toEqual(["postgres-primary", "redis"]);
    for (const dependency of health.dependencies)
      expect(dependency).toMatchObject({ ok: true, latencyMs: expect.any(Number) });
  });
});

describe("metrics", () => {
  it("serves Prometheus text on the metrics port only", async () => {
    await fetch(`${app.baseUrl}/probe/orders/4242`);
    const body = await (await fetch(app.metricsUrl)).text();
    expect(body).toContain(
      'http_request_duration_seconds_bucket{le="0.3",method="GET",route="/probe/orders/:orderId",status="200"}',
    );
    expect(body).toContain("http_requests_in_flight");
    expect(body).toMatch(/db_pool_connections\{pool="primary",state="total"\}/);
    expect(body).toContain("process_cpu_seconds_total");
    // The id must not leak into any label value (sample values such as byte counts may contain the digits).
    expect(body).not.toMatch(/="[^"]*4242[^"]*"/);
    expect((await fetch(`${app.baseUrl}/metrics`)).status).toBe(404);
  });

  it("labels unmatched requests by a constant, never by their path", async () => {
    await fetch(`${app.baseUrl}/random-${Date.now()}`);
    const body = await (await fetch(app.metricsUrl)).text();
    expect(body).toContain('route="unmatched"');
    expect(body).not.toMatch(/route="\/random-/);
  });
});

describe("access log", () => {
  it("writes one JSON line per request with id, route template, status and duration", async () => {
    const response = await fetch(`${app.baseUrl}/probe/orders/77`, { headers: { "x-request-id": "trace-0000777" } });
    await response.text();
    const lines = app.logs
      .filter((line) => line.includes('"requestId":"trace-0000777"'))
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "info",
      msg: "request",
      method: "GET",
      route: "/probe/orders/:orderId",
      status: 200,
    });
    expect(typeof lines[0].durationMs).toBe("number");
  });
});

/** The headers helmet's defaults set on a bare Node server, helmet running on each request as its docs show. */
async function headersOfHelmetRunPerRequest(): Promise<Record<string, string>> {
  const protect = helmet();
  const server = createServer((request, response) => protect(request, response, () => response.end()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const transport = new Set(["date", "connection", "keep-alive", "content-length", "transfer-encoding"]);
    return Object.fromEntries([...response.headers].filter(([name]) => !transport.has(name)));
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
