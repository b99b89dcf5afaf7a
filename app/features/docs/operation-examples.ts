// Request and response examples for every operation, by operationId: one small, consistent story (Ada runs
// Acme Facilities; Grace is a member; one printer case with one task) that the reference shows beside each
// operation. They are kept apart from the schemas so the schema files stay about validation; the schemas stay the
// judge: test/docs/operation-examples.test.ts validates every example against the published document's schemas,
// and fails for an operation without one. Problem (error) examples are derived from the error catalog.
import type { OperationExamples } from "../../api/openapi-document.js";

const organizationId = "5b0d6f1e-8c1a-4d2e-9f3b-2a7c4e1d9b60";
const otherOrganizationId = "c2a9e7d4-1b3f-4a6c-9d8e-7f6a5b4c3d2e";
const ada = "0f8e3c2a-6b1d-4e5f-a7c9-3d2b1a0e9f84";
const grace = "9c4d2e1f-3a5b-4c6d-8e7f-1a2b3c4d5e6f";
const caseId = "7d1e4b2c-9a3f-4e8d-b6c5-0f1a2e3d4c5b";
const taskId = "3e2d1c0b-4a5f-4b6e-8c7d-9f0e1d2c3b4a";
const created = "2026-11-30T09:15:02.481Z";
const updated = "2026-11-30T10:42:17.906Z";
/** What the API writes into a cursor (pagination.ts): the last item's timestamp and id, base64url. */
const nextCursor =
  "WyIyMDI2LTExLTMwVDA5OjE1OjAyLjQ4MTM1MiswMDowMCIsIjdkMWU0YjJjLTlhM2YtNGU4ZC1iNmM1LTBmMWEyZTNkNGM1YiJd";
/** Cases and tasks page by a commit-ordered number instead (decision 0098): `["seq","42"]`, base64url. */
const sequenceCursor = Buffer.from(JSON.stringify(["seq", "42"])).toString("base64url");

const user = { id: ada, email: "ada@example.com", name: "Ada Lovelace", createdAt: created, updatedAt: created };
const organization = { id: organizationId, name: "Acme Facilities", createdAt: created, updatedAt: created };
const tokens = {
  tokenType: "Bearer",
  accessToken:
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwZjhlM2MyYS02YjFkLTRlNWYtYTdjOS0zZDJiMWEwZTlmODQiLCJleHAiOjE3OTY0NjA1MDJ9.q3N2cVd0b1l1c2VkX2Zvcl9kb2NzX29ubHlfXzAwMDA",
  expiresIn: 900,
  refreshToken: "rt_Jr9xQm2Vb7Lk4Tn8Wc1Zs5Hd3Fg6Yp0Ae2Ru9Oi7Ek4",
};
const session = { ...tokens, user, organization, role: "owner" };
const printerCase = {
  id: caseId,
  reference: 42,
  title: "Printer on floor 3 jams",
  description: "Jams on every duplex job since Monday.",
  status: "in_progress",
  priority: "high",
  assigneeId: grace,
  createdBy: ada,
  version: 3,
  createdAt: created,
  updatedAt: updated,
};
const task = {
  id: taskId,
  caseId,
  title: "Order a new fuser unit",
  status: "todo",
  dueDate: "2026-12-04",
  assigneeId: grace,
  version: 1,
  createdAt: created,
  updatedAt: created,
};
const member = { userId: grace, email: "grace@example.com", name: "Grace Hopper", role: "member", joinedAt: created };
const invitation = {
  organizationId: otherOrganizationId,
  organizationName: "Globex Maintenance",
  role: "member",
  invitedAt: created,
};
const auditEvent = {
  id: "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
  action: "case.updated",
  actorId: ada,
  targetType: "case",
  targetId: caseId,
  requestId: "01JDX3Q7ZK4V9M2N8P6R5T3W1Y",
  clientIp: "203.0.113.24",
  metadata: { changed: ["status", "assigneeId"] },
  occurredAt: updated,
};

export const operationExamples: Record<string, OperationExamples> = {
  signUp: {
    request: {
      email: "ada@example.com",
      password: "correct horse battery staple",
      name: "Ada Lovelace",
      organizationName: "Acme Facilities",
    },
    response: session,
  },
  logIn: {
    request: { email: "ada@example.com", password: "correct horse battery staple", organizationId },
    response: session,
  },
  refreshTokens: { request: { refreshToken: tokens.refreshToken }, response: tokens },
  logOut: { request: { refreshToken: tokens.refreshToken } },
  getMe: { response: { user, organizationId, role: "owner" } },
  updateMe: { request: { name: "Ada King" }, response: { ...user, name: "Ada King", updatedAt: updated } },
  exportMyData: {
    response: {
      exportedAt: updated,
      user,
      memberships: [{ organizationId, name: "Acme Facilities", role: "owner", joinedAt: created }],
      sessions: [
        { organizationId, createdAt: created, expiresAt: "2026-12-30T09:15:02.481Z", usedAt: null, revokedAt: null },
      ],
      invitations: [invitation],
      cases: [{ id: caseId, title: printerCase.title, status: "in_progress", createdAt: created }],
      tasks: [],
      auditEvents: [{ action: "case.updated", targetType: "case", targetId: caseId, occurredAt: updated }],
    },
  },
  eraseMe: {},
  listMyInvitations: { response: { items: [invitation] } },
  acceptInvitation: {
    params: { organizationId: otherOrganizationId },
    response: { organizationId: otherOrganizationId, role: "member" },
  },
  declineInvitation: { params: { organizationId: otherOrganizationId } },
  getOrganization: { response: organization },
  updateOrganization: {
    request: { name: "Acme Facilities Ltd" },
    response: { ...organization, name: "Acme Facilities Ltd", updatedAt: updated },
  },
  listMembers: {
    response: {
      items: [{ ...member, userId: ada, email: "ada@example.com", name: "Ada Lovelace", role: "owner" }, member],
    },
  },
  inviteMember: {
    request: { email: "grace@example.com", role: "member" },
    response: { email: "grace@example.com", role: "member", status: "invited" },
  },
  changeMemberRole: { params: { userId: grace }, request: { role: "admin" }, response: { ...member, role: "admin" } },
  removeMember: { params: { userId: grace } },
  listCases: {
    query: { limit: 20, cursor: sequenceCursor, status: "in_progress", q: "printer jam" },
    response: { items: [printerCase], nextCursor: sequenceCursor },
  },
  createCase: {
    request: {
      title: "Printer on floor 3 jams",
      description: "Jams on every duplex job since Monday.",
      priority: "high",
      assigneeId: grace,
    },
    response: { ...printerCase, status: "open", version: 1, updatedAt: created },
  },
  getCase: { params: { caseId }, response: printerCase },
  updateCase: {
    params: { caseId },
    headers: { "if-match": '"2"' },
    request: { status: "in_progress", assigneeId: grace },
    response: printerCase,
  },
  deleteCase: { params: { caseId }, headers: { "if-match": '"3"' } },
  listTasks: {
    params: { caseId },
    query: { limit: 20, cursor: sequenceCursor, status: "todo" },
    response: { items: [task], nextCursor: null },
  },
  createTask: {
    params: { caseId },
    request: { title: "Order a new fuser unit", dueDate: "2026-12-04", assigneeId: grace },
    response: task,
  },
  getTask: { params: { caseId, taskId }, response: task },
  updateTask: {
    params: { caseId, taskId },
    headers: { "if-match": '"1"' },
    request: { status: "done" },
    response: { ...task, status: "done", version: 2, updatedAt: updated },
  },
  deleteTask: { params: { caseId, taskId }, headers: { "if-match": '"2"' } },
  getDashboard: {
    response: {
      casesByStatus: { open: 4, in_progress: 2, on_hold: 1, closed: 17 },
      openTasks: 6,
      overdueTasks: 1,
      recentActivity: [
        { action: "case.updated", targetType: "case", targetId: caseId, actorId: ada, occurredAt: updated },
      ],
      generatedAt: updated,
    },
  },
  listAuditEvents: {
    query: {
      limit: 50,
      cursor: nextCursor,
      actorId: ada,
      action: "case.updated",
      targetType: "case",
      targetId: caseId,
    },
    response: { items: [auditEvent], nextCursor },
  },
  getOpenApiDocument: {},
  getDocsPage: {},
};
