// A route marked deprecated says so on every answer through the real pipeline — Deprecation (RFC 9745) and Sunset
// (RFC 8594), plus a Link to what replaces it — success and refusal alike, and OpenAPI marks it deprecated.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessTokens } from "../../app/api/access-tokens.js";
import { mountRoutes } from "../../app/api/api-router.js";
import { deprecationHeaderValues } from "../../app/api/deprecation.js";
import { buildOpenApiDocument } from "../../app/api/openapi-document.js";
import { z } from "../../app/api/openapi-zod.js";
import { defineRoute } from "../../app/api/route-definition.js";
import { startTestApp, type AppUnderTest } from "../support/app-under-test.js";

const notice = {
  since: new Date("2026-11-01T00:00:00Z"),
  sunset: new Date("2027-05-01T00:00:00Z"),
  link: "https://api.example.com/docs/migrating-to-v2",
};
const oldRoute = defineRoute({
  method: "get",
  path: "/old-thing",
  operationId: "getOldThing",
  tag: "probe",
  summary: "A route on its way out",
  access: "public",
  transaction: "none",
  deprecated: notice,
  query: z.object({ size: z.coerce.number().int().min(1).optional() }).strict(),
  responses: { 200: { description: "still answers", schema: z.object({ ok: z.boolean() }) } },
  run: async () => ({ ok: true }),
});
const currentRoute = defineRoute({
  method: "get",
  path: "/current-thing",
  operationId: "getCurrentThing",
  tag: "probe",
  summary: "A route that stays",
  access: "public",
  transaction: "none",
  responses: { 200: { description: "answers" } },
  run: async () => ({ ok: true }),
});

let app: AppUnderTest;
beforeAll(async () => {
  app = await startTestApp({}, (services) => [
    mountRoutes([oldRoute, currentRoute], new AccessTokens(services.config.auth)),
  ]);
});
afterAll(() => app?.stop());

describe("deprecated routes", () => {
  it("answers with Deprecation, Sunset and a deprecation Link", async () => {
    const response = await fetch(`${app.baseUrl}/api/v1/old-thing`);
    expect(response.status).toBe(200);
    expect(response.headers.get("deprecation")).toBe("@1793491200");
    expect(response.headers.get("sunset")).toBe("Sat, 01 May 2027 00:00:00 GMT");
    expect(response.headers.get("link")).toBe('<https://api.example.com/docs/migrating-to-v2>; rel="deprecation"');
  });

  it("says so on a refusal too", async () => {
    const response = await fetch(`${app.baseUrl}/api/v1/old-thing?size=0`);
    expect(response.status).toBe(400);
    expect(response.headers.get("deprecation")).toBe("@1793491200");
    expect(response.headers.get("sunset")).toBe("Sat, 01 May 2027 00:00:00 GMT");
  });

  it("leaves routes that are not deprecated alone", async () => {
    const response = await fetch(`${app.baseUrl}/api/v1/current-thing`);
    expect(response.status).toBe(200);
    expect(response.headers.get("deprecation")).toBeNull();
    expect(response.headers.get("sunset")).toBeNull();
  });

  it("marks the operation deprecated in OpenAPI", () => {
    const document = buildOpenApiDocument([oldRoute, currentRoute], "test") as unknown as {
      paths: Record<string, { get: { deprecated?: boolean; "x-sunset"?: string } }>;
    };
    expect(document.paths["/api/v1/old-thing"]?.get.deprecated).toBe(true);
    expect(document.paths["/api/v1/old-thing"]?.get["x-sunset"]).toBe("2027-05-01");
    expect(document.paths["/api/v1/current-thing"]?.get.deprecated).toBeUndefined();
  });

  it("refuses a sunset that does not come after the deprecation", () => {
    expect(() => deprecationHeaderValues({ since: notice.sunset, sunset: notice.since })).toThrow(/must come after/);
  });
});
