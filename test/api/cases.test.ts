// Cases through HTTP: create with per-organization references, read, list (cursor, status, full-text), change
// under optimistic concurrency, soft delete — each with its unauthenticated, other-tenant, invalid and audit cases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTenantFixture, type ApiUnderTest } from "../support/api-app.js";
import { fieldsOf, ifMatch, requestIdOf, type ApiClient, type ApiResponse } from "../support/api-client.js";
import { signUp, type Organization, type Session } from "../support/api-world.js";
import { withOwnerConnection } from "../support/audit-trail.js";

interface CaseBody {
  id: string;
  reference: number;
  title: string;
  description: string;
  status: string;
  priority: string;
  assigneeId: string | null;
  createdBy: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}
interface Page {
  items: CaseBody[];
  nextCursor: string | null;
}

let api: ApiUnderTest;
let org: Organization;
let attacker: Session;
let owner: ApiClient;
beforeAll(async () => {
  ({ org, attacker, owner, ...api } = await startTenantFixture());
});
afterAll(() => api?.app.stop());

async function createCase(client: ApiClient, body: Record<string, unknown> = {}): Promise<CaseBody> {
  const response = await client.post<CaseBody>("/cases", { title: "A case", ...body });
  expect(response.status).toBe(201);
  return response.body;
}

/** The audit event a request wrote, read the way an administrator would: through GET /audit-events. */
async function auditEventOf(response: ApiResponse<unknown>, filter: string) {
  const listed = await owner.get<{ items: { requestId: string }[] }>(`/audit-events?${filter}&limit=100`);
  expect(listed.status).toBe(200);
  return listed.body.items.filter((event) => event.requestId === requestIdOf(response));
}

describe("POST /cases", () => {
  it("opens a case with defaults, the next reference number, an ETag and an audit event", async () => {
    const response = await api.client
      .as(org.member.accessToken)
      .post<CaseBody>("/cases", { title: "Printer jams", description: "Floor 3" });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      title: "Printer jams",
      description: "Floor 3",
      status: "open",
      priority: "normal",
      assigneeId: null,
      createdBy: org.member.userId,
      version: 1,
    });
    expect(response.headers.get("etag")).toBe('"1"');
    expect(response.headers.get("location")).toBe(`/api/v1/cases/${response.body.id}`);
    const events = await auditEventOf(response, `action=case.created&targetId=${response.body.id}`);
    expect(events).toEqual([
      expect.objectContaining({
        action: "case.created",
        actorId: org.member.userId,
        targetType: "case",
        targetId: response.body.id,
        clientIp: expect.any(String),
      }),
    ]);
  });

  it("numbers cases consecutively within an organization, and each organization from 1", async () => {
    const first = await createCase(owner);
    const second = await createCase(owner);
    expect(second.reference).toBe(first.reference + 1);
    const fresh = await signUp(api.client, "fresh");
    expect((await createCase(api.client.as(fresh.accessToken))).reference).toBe(1);
  });

  it("gives concurrent creations distinct, consecutive references", async () => {
    const fresh = api.client.as((await signUp(api.client, "concurrent")).accessToken);
    const created = await Promise.all(Array.from({ length: 10 }, () => createCase(fresh)));
    expect(created.map((item) => item.reference).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("accepts every optional field, with a member of the organization as assignee", async () => {
    const body = {
      title: "Full",
      description: "d",
      status: "in_progress",
      priority: "urgent",
      assigneeId: org.admin.userId,
    };
    expect(await createCase(owner, body)).toMatchObject(body);
  });

  it("refuses an assignee from another organization with a field error", async () => {
    const response = await owner.post("/cases", { title: "X", assigneeId: attacker.userId });
    expect(response.status).toBe(400);
    expect(fieldsOf(response)).toEqual(["body.assigneeId"]);
  });

  it("refuses invalid input and unknown fields with field-level details", async () => {
    const response = await owner.post("/cases", {
      title: "",
      status: "done",
      priority: "meh",
      organizationId: attacker.organizationId,
    });
    expect(response.status).toBe(400);
    expect(fieldsOf(response)).toEqual(expect.arrayContaining(["body.title", "body.status", "body.priority", "body"]));
    expect((await owner.post("/cases", {})).status).toBe(400);
  });

  it("requires a valid token", async () => {
    expect((await api.client.post("/cases", { title: "X" })).status).toBe(401);
  });
});

describe("GET /cases/:caseId", () => {
  let existing: CaseBody;
  beforeAll(async () => {
    existing = await createCase(owner, { title: "Readable", description: "secret-readable" });
  });

  it("returns the case with its ETag", async () => {
    const response = await api.client.as(org.member.accessToken).get<CaseBody>(`/cases/${existing.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(existing);
    expect(response.headers.get("etag")).toBe(`"${existing.version}"`);
  });

  it("answers another organization 404 with none of the case's data", async () => {
    const response = await api.client.as(attacker.accessToken).get(`/cases/${existing.id}`);
    expect(response.status).toBe(404);
    expect(response.text).not.toContain("secret-readable");
  });

  it("answers 404 for an id that is not a uuid, and 401 without a token", async () => {
    expect((await owner.get("/cases/not-a-uuid")).status).toBe(404);
    expect((await api.client.get(`/cases/${existing.id}`)).status).toBe(401);
  });
});

describe("GET /cases", () => {
  let lister: Session;
  let created: CaseBody[];
  beforeAll(async () => {
    lister = await signUp(api.client, "lister");
    const client = api.client.as(lister.accessToken);
    created = [];
    for (let index = 0; index < 7; index += 1) {
      const status = index % 3 === 0 ? "closed" : "open";
      created.push(
        await createCase(client, {
          title: `Listing ${index}`,
          description: index === 4 ? "the boiler leaks water" : "routine",
          status,
        }),
      );
    }
  });

  it("walks every case exactly once, newest first, by following nextCursor", async () => {
    const client = api.client.as(lister.accessToken);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=3&cursor=${cursor}` : "?limit=3";
      const response: ApiResponse<Page> = await client.get<Page>(`/cases${query}`);
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...response.body.items.map((item) => item.id));
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(created.map((item) => item.id).reverse());
  });

  it("filters by status", async () => {
    const response = await api.client.as(lister.accessToken).get<Page>("/cases?status=closed&limit=100");
    expect(response.body.items.map((item) => item.title).sort()).toEqual(["Listing 0", "Listing 3", "Listing 6"]);
  });

  it("searches title and description with web-search syntax", async () => {
    const client = api.client.as(lister.accessToken);
    const words = await client.get<Page>(`/cases?q=${encodeURIComponent("boiler water")}`);
    expect(words.body.items.map((item) => item.title)).toEqual(["Listing 4"]);
    const excluded = await client.get<Page>(`/cases?q=${encodeURIComponent("listing -boiler")}&limit=100`);
    expect(excluded.body.items).toHaveLength(6);
    const combined = await client.get<Page>(`/cases?q=routine&status=open&limit=100`);
    expect(combined.body.items.map((item) => item.title).sort()).toEqual(["Listing 1", "Listing 2", "Listing 5"]);
  });

  it("shows another organization none of these cases", async () => {
    const response = await api.client.as(attacker.accessToken).get<Page>("/cases?limit=100&q=listing");
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
  });

  it("refuses a bad limit, status, cursor or unknown parameter with field details", async () => {
    const client = api.client.as(lister.accessToken);
    for (const [query, field] of [
      ["limit=0", "query.limit"],
      ["limit=101", "query.limit"],
      ["status=done", "query.status"],
      ["cursor=bm9wZQ", "query.cursor"],
      ["organizationId=x", "query"],
    ]) {
      const response = await client.get(`/cases?${query}`);
      expect(response.status, query).toBe(400);
      expect(fieldsOf(response), query).toContain(field);
    }
  });

  it("requires a valid token", async () => {
    expect((await api.client.get("/cases")).status).toBe(401);
  });
});

describe("PATCH /cases/:caseId", () => {
  it("changes the fields sent, bumps the version and audits the field names only", async () => {
    const existing = await createCase(owner, { title: "Before" });
    const response = await api.client
      .as(org.member.accessToken)
      .patch<CaseBody>(
        `/cases/${existing.id}`,
        { title: "After-secret", status: "on_hold", assigneeId: org.member.userId },
        ifMatch(existing.version),
      );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      title: "After-secret",
      status: "on_hold",
      assigneeId: org.member.userId,
      priority: "normal",
      version: 2,
    });
    expect(response.headers.get("etag")).toBe('"2"');
    const events = await auditEventOf(response, `action=case.updated&targetId=${existing.id}`);
    expect(events).toEqual([
      expect.objectContaining({ actorId: org.member.userId, targetType: "case", clientIp: expect.any(String) }),
    ]);
    expect(events[0]).toMatchObject({ metadata: { changed: ["title", "status", "assigneeId"] } });
    expect(JSON.stringify(events)).not.toContain("After-secret");
  });

  it("refuses a change without If-Match with 428 and changes nothing", async () => {
    const existing = await createCase(owner, { priority: "normal" });
    for (const headers of [{}, { "If-Match": "" }] as Record<string, string>[]) {
      const missing = await owner.patch(`/cases/${existing.id}`, { priority: "urgent" }, { headers });
      expect(missing.status).toBe(428);
      expect(missing.headers.get("content-type")).toContain("application/problem+json");
      expect(missing.body).toMatchObject({ code: "precondition_required", status: 428 });
      expect(missing.headers.get("etag")).toBe('"1"');
    }
    expect((await owner.get<CaseBody>(`/cases/${existing.id}`)).body).toMatchObject({ priority: "normal", version: 1 });
  });

  it("accepts * as a deliberate overwrite of whatever version is current", async () => {
    const existing = await createCase(owner);
    await owner.patch(`/cases/${existing.id}`, { priority: "high" }, ifMatch(1));
    const overwrite = await owner.patch<CaseBody>(`/cases/${existing.id}`, { priority: "low" }, ifMatch("*"));
    expect(overwrite.status).toBe(200);
    expect(overwrite.body).toMatchObject({ priority: "low", version: 3 });
  });

  it("refuses a stale If-Match with 412 and accepts the current one", async () => {
    const existing = await createCase(owner);
    const first = await owner.patch(`/cases/${existing.id}`, { priority: "high" }, { headers: { "If-Match": '"1"' } });
    expect(first.status).toBe(200);
    const stale = await owner.patch(`/cases/${existing.id}`, { priority: "low" }, { headers: { "If-Match": '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: "precondition_failed" });
    expect(stale.headers.get("etag")).toBe('"2"');
    const current = await owner.patch<CaseBody>(
      `/cases/${existing.id}`,
      { priority: "low" },
      { headers: { "If-Match": stale.headers.get("etag") as string } },
    );
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ priority: "low", version: 3 });
  });

  it("unassigns with assigneeId null", async () => {
    const existing = await createCase(owner, { assigneeId: org.admin.userId });
    const response = await owner.patch<CaseBody>(`/cases/${existing.id}`, { assigneeId: null }, ifMatch(1));
    expect(response.body).toMatchObject({ assigneeId: null, version: 2 });
  });

  it("leaves the version alone when nothing actually changes", async () => {
    const existing = await createCase(owner, { title: "Same" });
    const response = await owner.patch<CaseBody>(`/cases/${existing.id}`, { title: "Same" }, ifMatch(1));
    expect(response.status).toBe(200);
    expect(response.body.version).toBe(1);
  });

  it("refuses invalid input, unknown fields, an empty change and a foreign assignee", async () => {
    const existing = await createCase(owner);
    const invalid = await owner.patch(`/cases/${existing.id}`, { status: "done", version: 9 }, ifMatch(1));
    expect(invalid.status).toBe(400);
    expect(fieldsOf(invalid)).toEqual(expect.arrayContaining(["body.status", "body"]));
    expect((await owner.patch(`/cases/${existing.id}`, {}, ifMatch(1))).status).toBe(400);
    const foreign = await owner.patch(`/cases/${existing.id}`, { assigneeId: attacker.userId }, ifMatch(1));
    expect(fieldsOf(foreign)).toEqual(["body.assigneeId"]);
  });

  it("answers another organization 404 and changes nothing; 401 without a token", async () => {
    const existing = await createCase(owner, { title: "Untouchable" });
    const hijack = (client: ApiClient) => client.patch(`/cases/${existing.id}`, { title: "Hijacked" }, ifMatch(1));
    expect((await hijack(api.client.as(attacker.accessToken))).status).toBe(404);
    expect((await hijack(api.client)).status).toBe(401);
    expect((await owner.get<CaseBody>(`/cases/${existing.id}`)).body).toMatchObject({
      title: "Untouchable",
      version: 1,
    });
  });
});

describe("DELETE /cases/:caseId", () => {
  it("soft-deletes: 204, then 404 everywhere, the row kept, and an audit event", async () => {
    const existing = await createCase(owner, { title: "Doomed" });
    const response = await api.client.as(org.member.accessToken).delete(`/cases/${existing.id}`, ifMatch(1));
    expect(response.status).toBe(204);
    expect((await owner.get(`/cases/${existing.id}`)).status).toBe(404);
    expect((await owner.patch(`/cases/${existing.id}`, { title: "Back" }, ifMatch("*"))).status).toBe(404);
    expect((await owner.delete(`/cases/${existing.id}`, ifMatch("*"))).status).toBe(404);
    const listed = await owner.get<Page>("/cases?limit=100");
    expect(listed.body.items.map((item) => item.id)).not.toContain(existing.id);
    const kept = await withOwnerConnection((client) =>
      client.query("SELECT deleted_at FROM cases WHERE id = $1", [existing.id]),
    );
    expect(kept.rows[0]?.deleted_at).toBeInstanceOf(Date);
    const events = await auditEventOf(response, `action=case.deleted&targetId=${existing.id}`);
    expect(events).toEqual([
      expect.objectContaining({ actorId: org.member.userId, targetType: "case", clientIp: expect.any(String) }),
    ]);
  });

  it("requires If-Match: 428 without it, 412 when stale, 204 with the current version", async () => {
    const existing = await createCase(owner);
    const missing = await owner.delete(`/cases/${existing.id}`);
    expect(missing.status).toBe(428);
    expect(missing.body).toMatchObject({ code: "precondition_required" });
    expect(missing.headers.get("etag")).toBe('"1"');
    expect((await owner.delete(`/cases/${existing.id}`, ifMatch(7))).status).toBe(412);
    expect((await owner.get(`/cases/${existing.id}`)).status).toBe(200);
    expect((await owner.delete(`/cases/${existing.id}`, ifMatch(1))).status).toBe(204);
  });

  it("answers another organization 404 and keeps the case; 401 without a token", async () => {
    const existing = await createCase(owner);
    expect((await api.client.as(attacker.accessToken).delete(`/cases/${existing.id}`, ifMatch(1))).status).toBe(404);
    expect((await api.client.delete(`/cases/${existing.id}`, ifMatch(1))).status).toBe(401);
    expect((await owner.get(`/cases/${existing.id}`)).status).toBe(200);
  });
});

describe("cursors", () => {
  it("refuses a forged cursor that PostgreSQL would choke on with 400, not 500", async () => {
    const forged = Buffer.from(JSON.stringify(["1", "-".repeat(36)])).toString("base64url");
    const response = await owner.get(`/cases?cursor=${forged}`);
    expect(response.status).toBe(400);
    expect(fieldsOf(response)).toEqual(["query.cursor"]);
  });

  it("takes a cursor past the largest reference as the end, and refuses one of another shape", async () => {
    const cursor = (value: unknown[]) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const beyond = await owner.get<Page>(`/cases?cursor=${cursor(["seq", "9".repeat(18)])}`);
    expect(beyond.status).toBe(200);
    expect(beyond.body.items.length).toBeGreaterThan(0);
    for (const forged of [
      ["seq", "9".repeat(19)],
      ["seq", "-1"],
      ["seq", 5],
      ["2026-01-01T00:00:00Z", "00000000-0000-4000-8000-000000000000"],
    ]) {
      const response = await owner.get(`/cases?cursor=${cursor(forged)}`);
      expect(response.status, JSON.stringify(forged)).toBe(400);
      expect(fieldsOf(response)).toEqual(["query.cursor"]);
    }
  });
});
