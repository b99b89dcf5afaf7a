// The dashboard through HTTP: figures that follow every case and task change, served from the cache between
// changes, per organization, and only to current members.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTenantFixture, type ApiUnderTest } from "../support/api-app.js";
import { ifMatch, type ApiClient } from "../support/api-client.js";
import { addMember, type Organization, type Session } from "../support/api-world.js";

interface Dashboard {
  casesByStatus: Record<"open" | "in_progress" | "on_hold" | "closed", number>;
  openTasks: number;
  overdueTasks: number;
  recentActivity: {
    action: string;
    targetType: string;
    targetId: string | null;
    actorId: string | null;
    occurredAt: string;
  }[];
  generatedAt: string;
}

let api: ApiUnderTest;
let org: Organization;
let attacker: Session;
let owner: ApiClient;
let member: ApiClient;
beforeAll(async () => {
  ({ org, attacker, owner, member, ...api } = await startTenantFixture());
});
afterAll(() => api?.app.stop());

async function dashboard(client: ApiClient = member): Promise<Dashboard> {
  const response = await client.get<Dashboard>("/dashboard");
  expect(response.status).toBe(200);
  return response.body;
}

async function createCase(body: Record<string, unknown> = {}): Promise<string> {
  const response = await owner.post<{ id: string }>("/cases", { title: "Dashboard case", ...body });
  expect(response.status).toBe(201);
  return response.body.id;
}

describe("GET /dashboard", () => {
  it("serves a second read without changes from the cache", async () => {
    const first = await dashboard();
    const second = await dashboard(owner);
    expect(second).toEqual(first);
    // ioredis prefixes keys but not KEYS patterns, so the pattern carries the run's prefix itself.
    const redis = api.app.services.redis;
    const keys = await redis?.keys(`${redis.options.keyPrefix ?? ""}cache:dashboard:${org.owner.organizationId}:*`);
    expect(keys).toHaveLength(1);
  });

  it("reflects a new case at once, with its event first in recent activity", async () => {
    const before = await dashboard();
    const caseId = await createCase({ status: "in_progress" });
    const after = await dashboard();
    expect(after.generatedAt).not.toBe(before.generatedAt);
    expect(after.casesByStatus.in_progress).toBe(before.casesByStatus.in_progress + 1);
    expect(after.recentActivity[0]).toMatchObject({
      action: "case.created",
      targetType: "case",
      targetId: caseId,
      actorId: org.owner.userId,
    });
    expect(after.recentActivity.length).toBeLessThanOrEqual(10);
  });

  it("moves a case between statuses and forgets it once deleted", async () => {
    const caseId = await createCase();
    const opened = await dashboard();
    expect((await owner.patch(`/cases/${caseId}`, { status: "closed" }, ifMatch(1))).status).toBe(200);
    const closed = await dashboard();
    expect(closed.casesByStatus).toEqual({
      ...opened.casesByStatus,
      open: opened.casesByStatus.open - 1,
      closed: opened.casesByStatus.closed + 1,
    });
    expect((await owner.delete(`/cases/${caseId}`, ifMatch(2))).status).toBe(204);
    expect((await dashboard()).casesByStatus.closed).toBe(opened.casesByStatus.closed);
  });

  it("counts open and overdue tasks of live cases, following task changes", async () => {
    const caseId = await createCase();
    const before = await dashboard();
    const overdue = await owner.post<{ id: string }>(`/cases/${caseId}/tasks`, {
      title: "Late",
      dueDate: "2020-01-01",
    });
    await owner.post(`/cases/${caseId}/tasks`, { title: "Future", dueDate: "2999-01-01" });
    await owner.post(`/cases/${caseId}/tasks`, { title: "Done already", status: "done", dueDate: "2020-01-01" });
    const withTasks = await dashboard();
    expect([withTasks.openTasks, withTasks.overdueTasks]).toEqual([before.openTasks + 2, before.overdueTasks + 1]);
    expect(
      (await owner.patch(`/cases/${caseId}/tasks/${overdue.body.id}`, { status: "done" }, ifMatch(1))).status,
    ).toBe(200);
    expect((await dashboard()).overdueTasks).toBe(before.overdueTasks);
    expect((await owner.delete(`/cases/${caseId}`, ifMatch(1))).status).toBe(204);
    expect((await dashboard()).openTasks).toBe(before.openTasks);
  });

  it("shows another organization only its own figures and activity", async () => {
    await createCase();
    const theirs = await api.client.as(attacker.accessToken).get<Dashboard>("/dashboard");
    expect(theirs.status).toBe(200);
    expect(theirs.body.casesByStatus).toEqual({ open: 0, in_progress: 0, on_hold: 0, closed: 0 });
    expect(theirs.text).not.toContain(org.owner.organizationId);
    expect(theirs.text).not.toContain(org.owner.userId);
  });

  it("stops serving a removed member at once, cached or not", async () => {
    const leaving = await addMember(api.client, org.owner, "member", "leaving");
    const leaver = api.client.as(leaving.accessToken);
    await dashboard(leaver);
    expect((await owner.delete(`/members/${leaving.userId}`)).status).toBe(204);
    expect((await leaver.get("/dashboard")).status).toBe(401);
  });

  it("requires a valid token", async () => {
    expect((await api.client.get("/dashboard")).status).toBe(401);
  });
});

describe("recent activity", () => {
  it("shows members the work on cases and tasks, not logins or role changes", async () => {
    const created = await owner.post<{ id: string }>("/cases", { title: "Newest work" });
    // Newer than the case, and in the same organization: a login and a role change.
    await api.client.post("/auth/login", {
      email: org.admin.email,
      password: org.admin.password,
      organizationId: org.owner.organizationId,
    });
    const activity = (await dashboard(member)).recentActivity;
    expect(activity[0]).toMatchObject({ action: "case.created", targetId: created.body.id });
    expect(activity.every((event) => event.targetType === "case" || event.targetType === "task")).toBe(true);
  });
});
