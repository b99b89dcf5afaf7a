// Tasks through HTTP, always inside a live case of the caller's organization: list, add, read, change and delete
// under optimistic concurrency (ETag, If-Match required) — each with its unauthenticated, other-tenant,
// invalid-input and audit cases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTenantFixture, type ApiUnderTest } from "../support/api-app.js";
import { fieldsOf, ifMatch, requestIdOf, type ApiClient, type ApiResponse } from "../support/api-client.js";
import { type Organization, type Session } from "../support/api-world.js";

interface TaskBody {
  id: string;
  caseId: string;
  title: string;
  status: string;
  dueDate: string | null;
  assigneeId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}
interface Page {
  items: TaskBody[];
  nextCursor: string | null;
}

let api: ApiUnderTest;
let org: Organization;
let attacker: Session;
let owner: ApiClient;
let member: ApiClient;
let caseId: string;
beforeAll(async () => {
  ({ org, attacker, owner, member, ...api } = await startTenantFixture());
  caseId = await newCase();
});
afterAll(() => api?.app.stop());

async function newCase(): Promise<string> {
  const response = await owner.post<{ id: string }>("/cases", { title: "Case with tasks" });
  expect(response.status).toBe(201);
  return response.body.id;
}

async function addTask(body: Record<string, unknown> = {}, inCase = caseId): Promise<TaskBody> {
  const response = await member.post<TaskBody>(`/cases/${inCase}/tasks`, { title: "A task", ...body });
  expect(response.status).toBe(201);
  return response.body;
}

async function auditEventOf(response: ApiResponse<unknown>, action: string, targetId: string) {
  const listed = await owner.get<{ items: { requestId: string }[] }>(
    `/audit-events?action=${action}&targetId=${targetId}`,
  );
  expect(listed.status).toBe(200);
  return listed.body.items.filter((event) => event.requestId === requestIdOf(response));
}

describe("POST /cases/:caseId/tasks", () => {
  it("adds a task with defaults and audits it", async () => {
    const response = await member.post<TaskBody>(`/cases/${caseId}/tasks`, { title: "Order toner" });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      caseId,
      title: "Order toner",
      status: "todo",
      dueDate: null,
      assigneeId: null,
      version: 1,
    });
    expect(response.headers.get("etag")).toBe('"1"');
    expect(response.headers.get("location")).toBe(`/api/v1/cases/${caseId}/tasks/${response.body.id}`);
    const events = await auditEventOf(response, "task.created", response.body.id);
    expect(events).toEqual([
      expect.objectContaining({
        actorId: org.member.userId,
        targetType: "task",
        targetId: response.body.id,
        clientIp: expect.any(String),
        metadata: { caseId },
      }),
    ]);
  });

  it("keeps the due date as a calendar date and accepts a member as assignee", async () => {
    const task = await addTask({ status: "in_progress", dueDate: "2026-12-31", assigneeId: org.admin.userId });
    expect(task).toMatchObject({ status: "in_progress", dueDate: "2026-12-31", assigneeId: org.admin.userId });
  });

  it("refuses an assignee who is not a member, invalid input and unknown fields", async () => {
    const foreign = await member.post(`/cases/${caseId}/tasks`, { title: "X", assigneeId: attacker.userId });
    expect(foreign.status).toBe(400);
    expect(fieldsOf(foreign)).toEqual(["body.assigneeId"]);
    const invalid = await member.post(`/cases/${caseId}/tasks`, {
      title: " ",
      status: "blocked",
      dueDate: "2026-02-30",
      caseId,
    });
    expect(invalid.status).toBe(400);
    expect(fieldsOf(invalid)).toEqual(expect.arrayContaining(["body.title", "body.status", "body.dueDate", "body"]));
  });

  it("answers 404 for another organization's case, a deleted case or a case that does not exist", async () => {
    expect(
      (await api.client.as(attacker.accessToken).post(`/cases/${caseId}/tasks`, { title: "Planted" })).status,
    ).toBe(404);
    const doomed = await newCase();
    expect((await owner.delete(`/cases/${doomed}`, ifMatch(1))).status).toBe(204);
    expect((await member.post(`/cases/${doomed}/tasks`, { title: "Late" })).status).toBe(404);
    expect((await member.post(`/cases/00000000-0000-4000-8000-000000000000/tasks`, { title: "Nowhere" })).status).toBe(
      404,
    );
  });

  it("requires a valid token", async () => {
    expect((await api.client.post(`/cases/${caseId}/tasks`, { title: "X" })).status).toBe(401);
  });
});

describe("GET /cases/:caseId/tasks", () => {
  let listCase: string;
  let created: TaskBody[];
  beforeAll(async () => {
    listCase = await newCase();
    created = [];
    for (let index = 0; index < 5; index += 1)
      created.push(await addTask({ title: `Step ${index}`, status: index < 2 ? "done" : "todo" }, listCase));
  });

  it("walks the case's tasks exactly once, oldest first, by following nextCursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response: ApiResponse<Page> = await member.get<Page>(
        `/cases/${listCase}/tasks?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(response.status).toBe(200);
      seen.push(...response.body.items.map((task) => task.id));
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(created.map((task) => task.id));
  });

  it("filters by status and shows only this case's tasks", async () => {
    const done = await member.get<Page>(`/cases/${listCase}/tasks?status=done`);
    expect(done.body.items.map((task) => task.title)).toEqual(["Step 0", "Step 1"]);
    expect(done.body.items.every((task) => task.caseId === listCase)).toBe(true);
  });

  it("refuses bad query parameters with field details", async () => {
    const response = await member.get(`/cases/${listCase}/tasks?limit=500&status=blocked&sort=title`);
    expect(response.status).toBe(400);
    expect(fieldsOf(response)).toEqual(expect.arrayContaining(["query.limit", "query.status", "query"]));
  });

  it("answers another organization 404 with none of the tasks; 401 without a token", async () => {
    const response = await api.client.as(attacker.accessToken).get(`/cases/${listCase}/tasks`);
    expect(response.status).toBe(404);
    expect(response.text).not.toContain(created[0]?.id);
    expect((await api.client.get(`/cases/${listCase}/tasks`)).status).toBe(401);
  });
});

describe("GET /cases/:caseId/tasks/:taskId", () => {
  it("reads the task with its version as the ETag", async () => {
    const task = await addTask({ title: "Readable" });
    const response = await member.get<TaskBody>(`/cases/${caseId}/tasks/${task.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(task);
    expect(response.headers.get("etag")).toBe('"1"');
  });

  it("answers 404 for a task named under another case, or from another organization; 401 without a token", async () => {
    const task = await addTask();
    const otherCase = await newCase();
    expect((await member.get(`/cases/${otherCase}/tasks/${task.id}`)).status).toBe(404);
    const foreign = await api.client.as(attacker.accessToken).get(`/cases/${caseId}/tasks/${task.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain(task.title);
    expect((await api.client.get(`/cases/${caseId}/tasks/${task.id}`)).status).toBe(401);
  });
});

describe("PATCH /cases/:caseId/tasks/:taskId", () => {
  it("changes the fields sent and audits their names only", async () => {
    const task = await addTask({ dueDate: "2026-12-01", assigneeId: org.member.userId });
    const response = await member.patch<TaskBody>(
      `/cases/${caseId}/tasks/${task.id}`,
      { title: "Renamed-secret", status: "done", dueDate: null, assigneeId: null },
      ifMatch(task.version),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      title: "Renamed-secret",
      status: "done",
      dueDate: null,
      assigneeId: null,
      version: 2,
    });
    expect(response.headers.get("etag")).toBe('"2"');
    const events = await auditEventOf(response, "task.updated", task.id);
    expect(events).toEqual([
      expect.objectContaining({ actorId: org.member.userId, targetType: "task", clientIp: expect.any(String) }),
    ]);
    expect(events[0]).toMatchObject({ metadata: { caseId, changed: ["title", "status", "dueDate", "assigneeId"] } });
    expect(JSON.stringify(events)).not.toContain("Renamed-secret");
  });

  it("refuses invalid input, an empty change and a foreign assignee", async () => {
    const task = await addTask();
    const path = `/cases/${caseId}/tasks/${task.id}`;
    const invalid = await member.patch(path, { status: "blocked", caseId }, ifMatch(1));
    expect(fieldsOf(invalid)).toEqual(expect.arrayContaining(["body.status", "body"]));
    expect((await member.patch(path, {}, ifMatch(1))).status).toBe(400);
    expect(fieldsOf(await member.patch(path, { assigneeId: attacker.userId }, ifMatch(1)))).toEqual([
      "body.assigneeId",
    ]);
  });

  it("requires If-Match: 428 without it, 412 when stale (both with the current ETag), and changes nothing", async () => {
    const task = await addTask({ title: "Guarded" });
    const path = `/cases/${caseId}/tasks/${task.id}`;
    const missing = await member.patch(path, { title: "Unguarded" });
    expect(missing.status).toBe(428);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
    expect(missing.body).toMatchObject({ code: "precondition_required" });
    expect(missing.headers.get("etag")).toBe('"1"');
    expect((await member.patch(path, { title: "First" }, ifMatch(1))).status).toBe(200);
    const stale = await member.patch(path, { title: "Lost update" }, ifMatch(1));
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: "precondition_failed" });
    expect(stale.headers.get("etag")).toBe('"2"');
    const current = await member.get<TaskBody>(path);
    expect(current.body).toMatchObject({ title: "First", version: 2 });
    expect(current.headers.get("etag")).toBe('"2"');
  });

  it("leaves the version alone when nothing actually changes", async () => {
    const task = await addTask({ title: "Same" });
    const response = await member.patch<TaskBody>(`/cases/${caseId}/tasks/${task.id}`, { title: "Same" }, ifMatch(1));
    expect(response.status).toBe(200);
    expect(response.body.version).toBe(1);
    expect(response.headers.get("etag")).toBe('"1"');
  });

  it("answers 404 for a task named under another case, or from another organization; 401 without a token", async () => {
    const task = await addTask({ title: "Stays" });
    const otherCase = await newCase();
    expect((await member.patch(`/cases/${otherCase}/tasks/${task.id}`, { title: "Moved" }, ifMatch(1))).status).toBe(
      404,
    );
    const hijack = (client: ApiClient) =>
      client.patch(`/cases/${caseId}/tasks/${task.id}`, { title: "Hijacked" }, ifMatch(1));
    expect((await hijack(api.client.as(attacker.accessToken))).status).toBe(404);
    expect((await hijack(api.client)).status).toBe(401);
    const listed = await member.get<Page>(`/cases/${caseId}/tasks?limit=100`);
    expect(listed.body.items.find((item) => item.id === task.id)?.title).toBe("Stays");
  });
});

describe("DELETE /cases/:caseId/tasks/:taskId", () => {
  it("deletes the task and audits it", async () => {
    const task = await addTask();
    const response = await member.delete(`/cases/${caseId}/tasks/${task.id}`, ifMatch(1));
    expect(response.status).toBe(204);
    expect((await member.delete(`/cases/${caseId}/tasks/${task.id}`, ifMatch("*"))).status).toBe(404);
    const listed = await member.get<Page>(`/cases/${caseId}/tasks?limit=100`);
    expect(listed.body.items.map((item) => item.id)).not.toContain(task.id);
    const events = await auditEventOf(response, "task.deleted", task.id);
    expect(events).toEqual([
      expect.objectContaining({
        actorId: org.member.userId,
        targetType: "task",
        clientIp: expect.any(String),
        metadata: { caseId },
      }),
    ]);
  });

  it("requires If-Match: 428 without it, 412 when stale, and keeps the task", async () => {
    const task = await addTask();
    const path = `/cases/${caseId}/tasks/${task.id}`;
    const missing = await member.delete(path);
    expect(missing.status).toBe(428);
    expect(missing.body).toMatchObject({ code: "precondition_required" });
    expect((await member.delete(path, ifMatch(2))).status).toBe(412);
    expect((await member.get(path)).status).toBe(200);
  });

  it("answers another organization 404 and keeps the task; 401 without a token", async () => {
    const task = await addTask();
    const path = `/cases/${caseId}/tasks/${task.id}`;
    expect((await api.client.as(attacker.accessToken).delete(path, ifMatch(1))).status).toBe(404);
    expect((await api.client.delete(path, ifMatch(1))).status).toBe(401);
    const listed = await member.get<Page>(`/cases/${caseId}/tasks?limit=100`);
    expect(listed.body.items.map((item) => item.id)).toContain(task.id);
  });

  it("makes a deleted case's tasks unreachable", async () => {
    const doomed = await newCase();
    const task = await addTask({}, doomed);
    expect((await owner.delete(`/cases/${doomed}`, ifMatch(1))).status).toBe(204);
    expect((await member.get(`/cases/${doomed}/tasks`)).status).toBe(404);
    expect((await member.get(`/cases/${doomed}/tasks/${task.id}`)).status).toBe(404);
    expect((await member.patch(`/cases/${doomed}/tasks/${task.id}`, { status: "done" }, ifMatch(1))).status).toBe(404);
    expect((await member.delete(`/cases/${doomed}/tasks/${task.id}`, ifMatch(1))).status).toBe(404);
  });
});
