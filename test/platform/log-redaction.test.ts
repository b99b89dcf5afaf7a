// Passwords, tokens, cookies and authorization headers never reach the logs, even through careless logging.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestApp, type AppUnderTest } from "../support/app-under-test.js";
import { probeRoutes } from "../support/probe-routes.js";

let app: AppUnderTest;
beforeAll(async () => {
  app = await startTestApp({ LOG_LEVEL: "debug" }, probeRoutes);
});
afterAll(() => app?.stop());

it("keeps a password, a bearer token and a cookie sent in a request out of every log line", async () => {
  const password = "Correct-Horse-Battery-Staple-91";
  const bearer = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtdXNlciJ9.c2lnbmF0dXJlLXZhbHVl";
  const refresh = "rt_3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c";
  const response = await fetch(`${app.baseUrl}/probe/echo`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${bearer}`, cookie: `session=${refresh}` },
    body: JSON.stringify({ email: "ada@example.com", password, nested: { refreshToken: refresh, token: refresh } }),
  });
  expect(response.status).toBe(204);
  const text = app.logs.join("\n");
  expect(text).toContain('"msg":"echo"');
  expect(text).toContain("[redacted]");
  for (const secret of [password, bearer, refresh]) {
    const leaks = app.logs.filter((line) => line.includes(secret));
    expect(leaks).toEqual([]);
  }
});
