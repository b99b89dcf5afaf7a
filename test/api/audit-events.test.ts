// The audit trail through HTTP: admins and owners read their organization's events newest first, page by page,
// filtered by actor, action and target; members are refused; other organizations' events never appear.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTenantFixture, type ApiUnderTest } from "../support/api-app.js";
import { fieldsOf, ifMatch, type ApiClient, type ApiResponse } from "../support/api-client.js";
import { type Organization, type Session } from "../support/api-world.js";

interface AuditEvent {
  id: string;
  action: string;
  actorId: string | null;
  targetType: string;
  targetId: string | null;
  requestId: string | null;
  clientIp: string | null;
  metadata: Record<string, unknown>;
  occurredAt: string;
}
interface Page {
  items: AuditEvent[];
  nextCursor: string | null;
}

let api: ApiUnderTest;
let org: Organization;
let attacker: Session;
let owner: ApiClient;
let admin: ApiClient;
const caseIds: string[] = [];
let creation: ApiResponse<{ id: string }>;
beforeAll(async () => {
  ({ org, attacker, owner, admin, ...api } = await startTenantFixture());
  for (let index = 0; index < 4; index += 1) {
    creation = await api.client
      .as(org.member.accessToken)
      .post<{ id: string }>("/cases", { title: `Audited ${index}` });
    caseIds.push(creation.body.id);
  }
  expect((await owner.patch(`/cases/${caseIds[0]}`, { status: "closed" }, ifMatch(1))).status).toBe(200);
});
afterAll(() => api?.app.stop());

async function list(client: ApiClient, query: string): Promise<Page> {
  const response = await client.get<Page>(`/audit-events?${query}`);
  expect(response.status, response.text).toBe(200);
  return response.body;
}

describe("GET /audit-events", () => {
  it("shows an owner each event with actor, action, target, request id and client address, newest first", async () => {
    const page = await list(owner, "limit=100");
    const created = page.items.find((event) => event.requestId === creation.headers.get("x-request-id"));
    expect(created).toEqual({
      id: expect.any(String),
      action: "case.created",
      actorId: org.member.userId,
      targetType: "case",
      targetId: caseIds[3],
      requestId: creation.headers.get("x-request-id"),
      clientIp: expect.any(String),
      metadata: { reference: 4 },
      occurredAt: expect.any(String),
    });
    const times = page.items.map((event) => Date.parse(event.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(page.items[0]).toMatchObject({ action: "case.updated", targetId: caseIds[0] });
  });

  it("lets an admin read it and refuses a plain member with 403", async () => {
    expect((await admin.get("/audit-events")).status).toBe(200);
    const refused = await api.client.as(org.member.accessToken).get("/audit-events");
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: "forbidden" });
    expect(refused.text).not.toContain("case.created");
  });

  it("walks every event exactly once by following nextCursor", async () => {
    const everything = (await list(owner, "limit=100")).items.map((event) => event.id);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await list(admin, `limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      walked.push(...page.items.map((event) => event.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(everything);
    expect(walked.length).toBeGreaterThan(6);
  });

  it("filters by actor, action, target type and target id", async () => {
    const byActor = await list(owner, `actorId=${org.member.userId}&action=case.created`);
    expect(byActor.items.map((event) => event.targetId).sort()).toEqual([...caseIds].sort());
    const byTarget = await list(owner, `targetType=case&targetId=${caseIds[0]}`);
    expect(byTarget.items.map((event) => event.action)).toEqual(["case.updated", "case.created"]);
    const byAction = await list(owner, "action=case.updated");
    expect(byAction.items.map((event) => [event.action, event.actorId, event.targetId])).toEqual([
      ["case.updated", org.owner.userId, caseIds[0]],
    ]);
  });

  it("shows another organization none of these events, even when it filters by their ids", async () => {
    const theirs = await api.client.as(attacker.accessToken).get<Page>(`/audit-events?targetId=${caseIds[0]}`);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
    const all = await api.client.as(attacker.accessToken).get<Page>("/audit-events?limit=100");
    expect(all.text).not.toContain(org.member.userId);
    expect(all.body.items.map((event) => event.action).sort()).toEqual(["organization.created", "user.signed_up"]);
    expect(all.body.items.every((event) => event.actorId === attacker.userId)).toBe(true);
  });

  it("refuses bad filters and unknown parameters with field details", async () => {
    const response = await owner.get("/audit-events?limit=0&actorId=someone&targetId=1&organizationId=x");
    expect(response.status).toBe(400);
    expect(fieldsOf(response)).toEqual(
      expect.arrayContaining(["query.limit", "query.actorId", "query.targetId", "query"]),
    );
    expect(fieldsOf(await owner.get("/audit-events?cursor=garbage"))).toEqual(["query.cursor"]);
  });

  it("requires a valid token", async () => {
    expect((await api.client.get("/audit-events")).status).toBe(401);
  });
});
