// The typed client (clients/typescript) against the real server: what compiles against the generated types also
// works over HTTP — signup, login, and creating, reading and listing cases, with errors typed as problem+json.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRustyClient, type RustyClient } from "../../clients/typescript/client.js";
import { uniqueEmail, testPassword } from "../support/api-world.js";
import { startTestApp, type AppUnderTest } from "../support/app-under-test.js";

let app: AppUnderTest;
let anonymous: RustyClient;
const email = uniqueEmail("typed");
beforeAll(async () => {
  app = await startTestApp();
  anonymous = createRustyClient({ baseUrl: app.baseUrl });
});
afterAll(() => app?.stop());

describe("the typed client against the running API", () => {
  let owner: RustyClient;
  let caseId: string;

  it("signs up and logs in", async () => {
    const signup = await anonymous.POST("/api/v1/auth/signup", {
      body: { email, password: testPassword, name: "Typed Client", organizationName: "Typed Org" },
    });
    expect(signup.response.status).toBe(201);
    expect(signup.data?.role).toBe("owner");
    const login = await anonymous.POST("/api/v1/auth/login", { body: { email, password: testPassword } });
    expect(login.response.status).toBe(200);
    expect(login.data?.organization.id).toBe(signup.data?.organization.id);
    owner = createRustyClient({ baseUrl: app.baseUrl, accessToken: login.data?.accessToken ?? "" });
  });

  it("creates a case, reads it back with its ETag and finds it in the list", async () => {
    const created = await owner.POST("/api/v1/cases", {
      body: { title: "Printer on floor 3 jams", priority: "high" },
    });
    expect(created.response.status).toBe(201);
    caseId = created.data?.id ?? "";
    const read = await owner.GET("/api/v1/cases/{caseId}", { params: { path: { caseId } } });
    expect(read.data).toMatchObject({ id: caseId, title: "Printer on floor 3 jams", priority: "high", status: "open" });
    expect(read.response.headers.get("etag")).toBe(`"${read.data?.version}"`);
    const list = await owner.GET("/api/v1/cases", { params: { query: { status: "open", limit: 10 } } });
    expect(list.data?.items.map((item) => item.id)).toContain(caseId);
  });

  it("returns refusals as typed problem+json", async () => {
    const refused = await anonymous.GET("/api/v1/cases/{caseId}", { params: { path: { caseId } } });
    expect(refused.response.status).toBe(401);
    expect(refused.error?.code).toBe("unauthenticated");
    const invalid = await owner.POST("/api/v1/cases", { body: { title: "" } });
    expect(invalid.response.status).toBe(400);
    expect(invalid.error?.code).toBe("validation_failed");
  });
});
