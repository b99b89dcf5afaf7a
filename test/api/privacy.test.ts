// The privacy rights: the export holds every personal field; after erasure nothing personal remains.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiUnderTest } from "../support/api-app.js";
import {
  addMember,
  createOrganization,
  logIn,
  signUp,
  testPassword,
  type Organization,
  type Session,
} from "../support/api-world.js";
import { withOwnerConnection } from "../support/audit-trail.js";

let api: ApiUnderTest;
let org: Organization;
beforeAll(async () => {
  api = await startApi();
  org = await createOrganization(api.client);
});
afterAll(() => api?.app.stop());

type Export = {
  user: Record<string, unknown>;
  memberships: { organizationId: string; role: string }[];
  sessions: unknown[];
  cases: { id: string; organizationId: string }[];
  tasks: unknown[];
  auditEvents: { action: string; organizationId: string }[];
};

describe("GET /me/export", () => {
  it("contains every personal field, in every organization the person belongs to", async () => {
    const person = await addMember(api.client, org.owner, "member", "exporter");
    const created = await api.client
      .as(person.accessToken)
      .post<{ id: string }>("/cases", { title: "My case", assigneeId: person.userId });
    expect(created.status).toBe(201);
    const response = await api.client.as(person.accessToken).get<Export>("/me/export");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain("attachment");
    expect(Object.keys(response.body.user).sort()).toEqual(["createdAt", "email", "id", "name", "updatedAt"]);
    expect(response.body.user).toMatchObject({ id: person.userId, email: person.email });
    // addMember signed the person up in an organization of their own first: the export covers both.
    const ownOrganizationId = (await logIn(api.client, person.email)).organizationId;
    expect(response.body.memberships.map((entry) => entry.organizationId).sort()).toEqual(
      [org.owner.organizationId, ownOrganizationId].sort(),
    );
    expect(response.body.memberships.find((entry) => entry.organizationId === org.owner.organizationId)?.role).toBe(
      "member",
    );
    expect(response.body.cases.map((item) => item.id)).toContain(created.body.id);
    expect(new Set(response.body.auditEvents.map((event) => event.organizationId))).toEqual(
      new Set([org.owner.organizationId, ownOrganizationId]),
    );
    expect(response.body.sessions.length).toBeGreaterThan(0);
    expect(response.text).not.toMatch(/password|token_hash/i);
  });

  it("still covers an organization the person has left", async () => {
    const person = await addMember(api.client, org.owner, "member", "leaver");
    const created = await api.client.as(person.accessToken).post<{ id: string }>("/cases", { title: "Left behind" });
    expect((await api.client.as(person.accessToken).delete(`/members/${person.userId}`)).status).toBe(204);
    const mine = await logIn(api.client, person.email);
    const exported = await api.client.as(mine.accessToken).get<Export>("/me/export");
    expect(exported.body.cases.map((item) => item.id)).toContain(created.body.id);
    expect(exported.body.auditEvents.some((event) => event.organizationId === org.owner.organizationId)).toBe(true);
  });
});

describe("DELETE /me", () => {
  let person: Session;
  beforeAll(async () => {
    person = await addMember(api.client, org.owner, "admin", "eraser");
    await api.client.as(person.accessToken).patch("/organization", { name: "Touched by eraser" });
  });

  it("refuses the last owner of an organization with other members (409)", async () => {
    const response = await api.client.as(org.owner.accessToken).delete("/me");
    expect(response.status).toBe(409);
    expect((await api.client.as(org.owner.accessToken).get("/me")).status).toBe(200);
  });

  it("erases the account: nothing personal remains, audit rows keep no address, sign-in is gone", async () => {
    expect((await api.client.as(person.accessToken).delete("/me")).status).toBe(204);
    const remains = await withOwnerConnection(async (client) => ({
      user: (
        await client.query("SELECT email, name, password_hash, erased_at FROM users WHERE id = $1", [person.userId])
      ).rows[0],
      memberships: (
        await client.query("SELECT count(*)::int AS n FROM memberships WHERE user_id = $1", [person.userId])
      ).rows[0].n,
      auditWithPersonalData: (
        await client.query(
          "SELECT count(*)::int AS n FROM audit_events WHERE (actor_id = $1 OR target_id = $1) AND (client_ip IS NOT NULL OR metadata <> '{}')",
          [person.userId],
        )
      ).rows[0].n,
      anyEmail: (
        await client.query("SELECT count(*)::int AS n FROM users WHERE lower(email) = lower($1)", [person.email])
      ).rows[0].n,
      // The accepted invitation that brought the person in held their email too.
      invitations: (
        await client.query("SELECT count(*)::int AS n FROM invitations WHERE lower(email) = lower($1)", [person.email])
      ).rows[0].n,
      liveSessions: (
        await client.query("SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL", [
          person.userId,
        ])
      ).rows[0].n,
    }));
    expect(remains.user).toMatchObject({ name: "Erased user", password_hash: null });
    expect(remains.user.email).not.toContain("eraser");
    expect(remains.user.erased_at).not.toBeNull();
    expect(remains).toMatchObject({
      memberships: 0,
      auditWithPersonalData: 0,
      anyEmail: 0,
      liveSessions: 0,
      invitations: 0,
    });
    expect((await api.client.post("/auth/login", { email: person.email, password: testPassword })).status).toBe(401);
    expect((await api.client.as(person.accessToken).get("/me")).status).toBe(401);
  });

  it("erases the person's traces in organizations they had already left", async () => {
    const person = await addMember(api.client, org.owner, "member", "gone");
    await api.client.as(person.accessToken).post("/cases", { title: "Assigned to me", assigneeId: person.userId });
    await api.client.as(person.accessToken).delete(`/members/${person.userId}`);
    const mine = await logIn(api.client, person.email);
    expect((await api.client.as(mine.accessToken).delete("/me")).status).toBe(204);
    const left = await withOwnerConnection(async (client) => ({
      audit: (
        await client.query(
          "SELECT count(*)::int AS n FROM audit_events WHERE (actor_id = $1 OR target_id = $1) AND (client_ip IS NOT NULL OR metadata <> '{}')",
          [person.userId],
        )
      ).rows[0].n,
      assigned: (await client.query("SELECT count(*)::int AS n FROM cases WHERE assignee_id = $1", [person.userId]))
        .rows[0].n,
    }));
    expect(left).toEqual({ audit: 0, assigned: 0 });
  });

  it("deletes an organization its owner was alone in, with the account", async () => {
    const loner = await signUp(api.client, "loner");
    expect((await api.client.as(loner.accessToken).delete("/me")).status).toBe(204);
    const organizations = await withOwnerConnection(
      async (client) =>
        (await client.query("SELECT count(*)::int AS n FROM organizations WHERE id = $1", [loner.organizationId]))
          .rows[0].n,
    );
    expect(organizations).toBe(0);
  });
});
