// The router's own answers stay inside the error contract: a method a known path does not serve is a 405
// problem+json with Allow (whatever the method, WebDAV's included: a client can never cause a 5xx this way),
// a trailing slash is answered like the path without it, and a request Node cannot even parse still gets a
// problem+json with a catalogued code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCatalog } from "../../app/platform/errors/error-catalog.js";
import { startApi, type ApiUnderTest } from "../support/api-app.js";
import { exchange, jsonBodyOf, rawRequest } from "../support/raw-http.js";

let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.app.stop());

const send = (method: string, path: string) => fetch(`${api.app.baseUrl}${path}`, { method });

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  const problem = (await response.json()) as { code: string; status: number };
  expect(problem).toMatchObject({ status, code });
  expect(Object.keys(errorCatalog)).toContain(problem.code);
}

describe("methods a path does not serve", () => {
  it.each([
    ["PUT", "/api/v1/auth/signup", "POST"],
    ["DELETE", "/api/v1/organization", "HEAD, GET, PATCH"],
    ["POST", "/api/v1/cases/00000000-0000-4000-8000-000000000000", "HEAD, GET, PATCH, DELETE"],
    ["PROPFIND", "/api/v1/cases", "HEAD, GET, POST"],
    ["MKCOL", "/api/v1/me", "HEAD, GET, PATCH, DELETE"],
    ["REPORT", "/api/v1/dashboard", "HEAD, GET"],
    ["POST", "/live", "HEAD, GET"],
  ])("%s %s is 405 method_not_allowed with Allow: %s", async (method, path, allow) => {
    const response = await send(method, path);
    expect(response.headers.get("allow")).toBe(allow);
    await expectProblem(response, 405, "method_not_allowed");
  });

  it("answers an unknown path 404 route_not_found whatever the method", async () => {
    await expectProblem(await send("PROPFIND", "/api/v1/nothing-here"), 404, "route_not_found");
    await expectProblem(await send("PATCH", "/api/v1/nothing-here"), 404, "route_not_found");
  });

  it("never counts these answers as server errors", async () => {
    await send("PROPFIND", "/api/v1/cases");
    const metrics = await (await fetch(api.app.metricsUrl)).text();
    expect(metrics).not.toMatch(/http_request_duration_seconds_count\{[^}]*status="5\d\d"/);
  });
});

describe("a trailing slash", () => {
  it.each([
    ["GET", "/api/v1/cases"],
    ["PUT", "/api/v1/auth/signup"],
    ["PROPFIND", "/api/v1/members"],
    ["GET", "/api/v1/nothing-here"],
  ])("%s %s/ is answered exactly like the path without it", async (method, path) => {
    const [bare, slashed] = [await send(method, path), await send(method, `${path}/`)];
    expect(slashed.status).toBe(bare.status);
    expect(slashed.headers.get("content-type")).toBe(bare.headers.get("content-type"));
    expect(slashed.headers.get("allow")).toBe(bare.headers.get("allow"));
    const codeOf = async (response: Response) => ((await response.json()) as { code: string }).code;
    expect(await codeOf(slashed)).toBe(await codeOf(bare));
  });
});

describe("methods fetch refuses to send, and requests Node cannot parse", () => {
  it.each([
    ["TRACE (which fetch refuses to send)", rawRequest("TRACE", "/api/v1/dashboard", {}), 405, "method_not_allowed"],
    ["an unknown method", rawRequest("FOO", "/api/v1/cases", {}), 400, "malformed_request"],
    ["a space in the path", Buffer.from("GET /api/v1/ca ses HTTP/1.1\r\nhost: x\r\n\r\n"), 400, "malformed_request"],
    [
      "headers above Node's limit",
      rawRequest("GET", "/live", { "x-filler": "x".repeat(20_000) }),
      431,
      "headers_too_large",
    ],
  ] as const)("answers %s with a problem+json %d", async (_label, request, status, code) => {
    const result = await exchange(api.app.port, [request], { expectResponses: 1, timeoutMs: 5000 });
    expect(result.statuses).toEqual([status]);
    expect(result.text).toMatch(/content-type: application\/problem\+json/i);
    expect(jsonBodyOf(result.text)).toMatchObject({ status, code });
  });
});
