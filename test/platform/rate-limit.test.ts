// The global limit, through Redis: it holds, a forged X-Forwarded-For cannot reset it, and a Redis outage
// never fails a request.
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestApp, type AppUnderTest } from "../support/app-under-test.js";
import { metricValue } from "../support/polling.js";
import { probeRoutes } from "../support/probe-routes.js";
import { TcpProxy } from "../support/tcp-proxy.js";

/** A client address no other run shares, so windows left in Redis by earlier runs don't interfere. */
const freshClientAddress = () => `198.18.${randomInt(256)}.${randomInt(256)}`;

describe("the global rate limit behind a load balancer", () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startTestApp(
      { RATE_LIMIT_POINTS: "5", RATE_LIMIT_WINDOW_SECONDS: "60", TRUST_PROXY: "true" },
      probeRoutes,
    );
  });
  afterAll(() => app?.stop());

  // The load balancer appends the address it saw; everything before it is whatever the client sent.
  const viaLoadBalancer = (client: string, forged?: string) =>
    fetch(`${app.baseUrl}/probe/orders/1`, {
      headers: { "x-forwarded-for": forged ? `${forged}, ${client}` : client },
    });

  it("refuses the request after the limit with 429 problem+json, Retry-After and RateLimit headers", async () => {
    const client = freshClientAddress();
    const statuses = [];
    for (let index = 0; index < 5; index += 1) statuses.push((await viaLoadBalancer(client)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const refused = await viaLoadBalancer(client);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(await refused.json()).toMatchObject({ code: "rate_limited", status: 429 });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("ratelimit-limit")).toBe("5");
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    const metrics = await (await fetch(app.metricsUrl)).text();
    expect(metricValue(metrics, 'rate_limit_rejections_total{limiter="global"}')).toBeGreaterThanOrEqual(1);
  });

  it("is not reset by a forged X-Forwarded-For: only the load balancer's hop counts", async () => {
    const client = freshClientAddress();
    const statuses = [];
    for (let index = 0; index < 8; index += 1)
      statuses.push((await viaLoadBalancer(client, freshClientAddress())).status);
    expect(statuses.filter((status) => status === 429)).toHaveLength(3);
  });

  it("counts clients separately", async () => {
    expect((await viaLoadBalancer(freshClientAddress())).status).toBe(200);
  });

  it("never limits the load balancer's health checks", async () => {
    const client = freshClientAddress();
    for (let index = 0; index < 6; index += 1) await viaLoadBalancer(client);
    const probe = await fetch(`${app.baseUrl}/ready`, { headers: { "x-forwarded-for": client } });
    expect(probe.status).toBe(200);
  });
});

describe("without a trusted proxy", () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_POINTS: "3", TRUST_PROXY: "false", REDIS_URL: undefined }, probeRoutes);
  });
  afterAll(() => app?.stop());

  it("ignores X-Forwarded-For entirely and limits the socket's address, in memory", async () => {
    const statuses = [];
    for (let index = 0; index < 5; index += 1) {
      statuses.push(
        (await fetch(`${app.baseUrl}/probe/orders/1`, { headers: { "x-forwarded-for": freshClientAddress() } })).status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});

describe("when Redis stops", () => {
  const proxy = TcpProxy.forUrl(inject("redisUrl"), 6379);
  // Its own client address: the window of 127.0.0.1 in the shared Redis counts every other suite's requests.
  const client = freshClientAddress();
  let app: AppUnderTest;
  beforeAll(async () => {
    await proxy.start();
    app = await startTestApp(
      { REDIS_URL: proxy.urlFor(inject("redisUrl")), RATE_LIMIT_POINTS: "1000", TRUST_PROXY: "true" },
      probeRoutes,
    );
  });
  afterAll(async () => {
    await app?.stop();
    await proxy.stop();
  });

  const timedRequest = async () => {
    const started = performance.now();
    const response = await fetch(`${app.baseUrl}/probe/orders/1`, { headers: { "x-forwarded-for": client } });
    return { status: response.status, ms: performance.now() - started };
  };

  it("keeps serving within the command timeout when an established Redis connection becomes a black hole", async () => {
    expect((await timedRequest()).status).toBe(200);
    proxy.stall();
    const results = [];
    for (let index = 0; index < 10; index += 1) results.push(await timedRequest());
    expect(results.map((result) => result.status)).toEqual(Array(10).fill(200));
    expect(Math.max(...results.map((result) => result.ms))).toBeLessThan(250);
    proxy.resume();
  });

  it("keeps serving, each decision within 100 ms, when connections are refused", async () => {
    await proxy.stop();
    const results = [];
    for (let index = 0; index < 20; index += 1) results.push(await timedRequest());
    expect(results.map((result) => result.status)).toEqual(Array(20).fill(200));
    expect(Math.max(...results.map((result) => result.ms))).toBeLessThan(150);
  });

  it("counts the decisions made without the store and the Redis errors", async () => {
    const metrics = await (await fetch(app.metricsUrl)).text();
    expect(
      metricValue(metrics, 'rate_limit_store_unavailable_total{limiter="global",outcome="allowed"}'),
    ).toBeGreaterThanOrEqual(20);
    expect(metricValue(metrics, 'redis_errors_total{kind="command"}')).toBeGreaterThanOrEqual(30);
    expect(app.logs.some((line) => line.includes("rate-limit store unavailable"))).toBe(true);
  });
});

describe("when Redis is down and the policy is deny", () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: "redis://127.0.0.1:1", RATE_LIMIT_STORE_DOWN_POLICY: "deny" }, probeRoutes);
  });
  afterAll(() => app?.stop());

  it("refuses with 429, never a 5xx", async () => {
    const response = await fetch(`${app.baseUrl}/probe/orders/1`);
    expect(response.status).toBe(429);
  });
});
