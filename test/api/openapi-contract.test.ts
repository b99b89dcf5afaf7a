// The OpenAPI document and the router agree both ways, and the docs page describes every route.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiUnderTest } from "../support/api-app.js";

type Operation = {
  security?: unknown[];
  requestBody?: unknown;
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
};
type OpenApi = { openapi: string; paths: Record<string, Record<string, Operation>> };

let api: ApiUnderTest;
let document: OpenApi;
let routerRoutes: string[];
beforeAll(async () => {
  api = await startApi();
  document = (await api.client.get<OpenApi>("/openapi.json")).body;
  const router = (await import("../../app/api-routes.js")).createApiRouters(api.app.services)[0];
  routerRoutes = (router?.stack ?? [])
    .flatMap((layer) =>
      layer.methods
        .filter((method) => method !== "HEAD")
        .map((method) => `${method} ${String(layer.path).replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`),
    )
    .sort();
});
afterAll(() => api?.app.stop());

const documented = () =>
  Object.entries(document.paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();

describe("OpenAPI", () => {
  it("is OpenAPI 3.1", () => {
    expect(document.openapi).toBe("3.1.0");
  });

  it("documents every route the router serves, and nothing it does not", () => {
    expect(routerRoutes.length).toBeGreaterThan(10);
    expect(documented()).toEqual(routerRoutes);
  });

  it("marks every authenticated operation with bearer security and documents request bodies", () => {
    const members = document.paths["/api/v1/members"];
    expect(members?.get?.security).toEqual([{ bearerAuth: [] }]);
    expect(members?.post?.requestBody).toBeDefined();
    expect(document.paths["/api/v1/auth/login"]?.post?.security).toBeUndefined();
  });

  it("documents If-Match and ETag on cases, and error responses as problem+json", () => {
    const patch = document.paths["/api/v1/cases/{caseId}"]?.patch;
    expect(patch?.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "if-match", in: "header" })]),
    );
    expect(patch?.responses["200"]?.headers).toHaveProperty("etag");
    expect(Object.keys(patch?.responses["412"]?.content ?? {})).toEqual(["application/problem+json"]);
  });

  it("serves a readable docs page that names every route", async () => {
    const page = await api.client.get("/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    for (const route of documented()) {
      const [method, path] = route.split(" ");
      expect(page.text).toContain(`<span class="method">${method}</span> <code>${path}</code>`);
    }
  });
});
