// /me, /organization and /members through HTTP: success, 401, other tenant, 403, 400 and the audit row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiUnderTest } from "../support/api-app.js";
import { requestIdOf, type ApiClient } from "../support/api-client.js";
import { addMember, createOrganization, logIn, signUp, uniqueEmail, type Organization } from "../support/api-world.js";
import { auditRowsFor } from "../support/audit-trail.js";

let api: ApiUnderTest;
let org: Organization;
let other: Organization;
const as = (token: string): ApiClient => api.client.as(token);

beforeAll(async () => {
  api = await startApi();
  [org, other] = await Promise.all([createOrganization(api.client), createOrganization(api.client)]);
});
afterAll(() => api?.app.stop());

describe("/me", () => {
  it("tells who is calling, in which organization and with which role", async () => {
    const response = await as(org.admin.accessToken).get<{
      user: { id: string };
      organizationId: string;
      role: string;
    }>("/me");
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      user: { id: org.admin.userId },
      organizationId: org.owner.organizationId,
      role: "admin",
    });
  });

  it("corrects the name, audits the changed field names without their values, and refuses unknown fields", async () => {
    const response = await as(org.member.accessToken).patch<{ name: string }>("/me", { name: "Renamed Person" });
    expect(response.status).toBe(200);
    expect(response.body.name).toBe("Renamed Person");
    const [row] = await auditRowsFor(requestIdOf(response));
    expect(row).toMatchObject({
      action: "user.updated",
      actor_id: org.member.userId,
      target_id: org.member.userId,
      metadata: { fields: ["name"] },
    });
    expect(JSON.stringify(row)).not.toContain("Renamed Person");
    expect((await as(org.member.accessToken).patch("/me", { role: "owner" })).status).toBe(400);
    expect((await as(org.member.accessToken).patch("/me", {})).status).toBe(400);
  });

  it("refuses an email another account uses with 409", async () => {
    const response = await as(org.member.accessToken).patch("/me", { email: org.owner.email });
    expect(response.status).toBe(409);
  });

  it("requires a token", async () => {
    expect((await api.client.get("/me")).status).toBe(401);
    expect((await api.client.get("/me/export")).status).toBe(401);
    expect((await api.client.delete("/me")).status).toBe(401);
  });
});

describe("/organization", () => {
  it("shows the caller's organization to any member", async () => {
    const response = await as(org.member.accessToken).get<{ id: string }>("/organization");
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(org.owner.organizationId);
  });

  it("lets an admin rename it, with an audit row", async () => {
    const response = await as(org.admin.accessToken).patch<{ name: string }>("/organization", { name: "Renamed Org" });
    expect(response.status).toBe(200);
    const [row] = await auditRowsFor(requestIdOf(response));
    expect(row).toMatchObject({
      action: "organization.updated",
      actor_id: org.admin.userId,
      organization_id: org.owner.organizationId,
    });
  });

  it("refuses a plain member with 403, bad input with 400, no token with 401", async () => {
    expect((await as(org.member.accessToken).patch("/organization", { name: "Nope" })).status).toBe(403);
    const invalid = await as(org.owner.accessToken).patch("/organization", { name: "" });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: "validation_failed", errors: [{ field: "body.name" }] });
    expect((await api.client.get("/organization")).status).toBe(401);
  });
});

describe("/members", () => {
  it("lists members with roles, to any member", async () => {
    const response = await as(org.member.accessToken).get<{ items: { userId: string; role: string }[] }>("/members");
    expect(response.status).toBe(200);
    expect(response.body.items.map((member) => member.role).sort()).toEqual(["admin", "member", "owner"]);
  });

  it("lets an admin invite by email, answering alike for known and unknown emails and revealing no account", async () => {
    const person = await signUp(api.client, "joiner");
    const known = await as(org.admin.accessToken).post("/members", { email: person.email, role: "member" });
    const unknown = await as(org.admin.accessToken).post("/members", { email: uniqueEmail("ghost"), role: "member" });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(Object.keys(known.body).sort()).toEqual(["email", "role", "status"]);
    expect(Object.keys(unknown.body).sort()).toEqual(["email", "role", "status"]);
    expect(known.text).not.toContain(person.userId);
    expect(known.text).not.toContain("joiner person");
    const [row] = await auditRowsFor(requestIdOf(known));
    expect(row).toMatchObject({
      action: "member.invited",
      target_type: "invitation",
      actor_id: org.admin.userId,
      metadata: { role: "member" },
    });
    // Not a member until they accept.
    expect(
      (await as(org.member.accessToken).get<{ items: { userId: string }[] }>("/members")).body.items.map(
        (m) => m.userId,
      ),
    ).not.toContain(person.userId);
  });

  it("makes the invitee a member only when they accept, audited in the inviting organization", async () => {
    const person = await signUp(api.client, "accepter");
    await as(org.admin.accessToken).post("/members", { email: person.email, role: "admin" });
    const pending = await as(person.accessToken).get<{
      items: { organizationId: string; organizationName: string; role: string }[];
    }>("/me/invitations");
    expect(pending.body.items).toEqual([
      expect.objectContaining({ organizationId: org.owner.organizationId, role: "admin" }),
    ]);
    const accepted = await as(person.accessToken).post(`/me/invitations/${org.owner.organizationId}/accept`);
    expect(accepted.status).toBe(200);
    const [row] = await auditRowsFor(requestIdOf(accepted));
    expect(row).toMatchObject({
      action: "member.joined",
      organization_id: org.owner.organizationId,
      actor_id: person.userId,
    });
    const there = await logIn(api.client, person.email, org.owner.organizationId);
    expect((await as(there.accessToken).get<{ role: string }>("/me")).body.role).toBe("admin");
    expect((await as(person.accessToken).post(`/me/invitations/${org.owner.organizationId}/accept`)).status).toBe(404);
    expect((await as(org.admin.accessToken).post("/members", { email: person.email, role: "member" })).status).toBe(
      409,
    );
  });

  it("lets the invitee decline, and then they cannot accept", async () => {
    const person = await signUp(api.client, "decliner");
    await as(org.admin.accessToken).post("/members", { email: person.email, role: "member" });
    expect((await as(person.accessToken).delete(`/me/invitations/${org.owner.organizationId}`)).status).toBe(204);
    expect((await as(person.accessToken).post(`/me/invitations/${org.owner.organizationId}/accept`)).status).toBe(404);
    expect((await as(person.accessToken).get<{ items: unknown[] }>("/me/invitations")).body.items).toEqual([]);
  });

  it("refuses a member inviting anyone (403), an admin inviting an owner (403), and bad input (400)", async () => {
    const person = await signUp(api.client, "candidate");
    expect((await as(org.member.accessToken).post("/members", { email: person.email, role: "member" })).status).toBe(
      403,
    );
    expect((await as(org.admin.accessToken).post("/members", { email: person.email, role: "owner" })).status).toBe(403);
    expect((await as(org.admin.accessToken).post("/members", { email: person.email, role: "emperor" })).status).toBe(
      400,
    );
  });

  it("lets an admin change a member's role, audited, but never an owner's", async () => {
    const person = await addMember(api.client, org.owner, "member", "promotable");
    const changed = await as(org.admin.accessToken).patch<{ role: string }>(`/members/${person.userId}`, {
      role: "admin",
    });
    expect(changed.status).toBe(200);
    expect(changed.body.role).toBe("admin");
    const [row] = await auditRowsFor(requestIdOf(changed));
    expect(row).toMatchObject({ action: "member.role_changed", metadata: { from: "member", to: "admin" } });
    expect((await as(org.admin.accessToken).patch(`/members/${org.owner.userId}`, { role: "member" })).status).toBe(
      403,
    );
  });

  it("keeps at least one owner: demoting or removing the last owner is 409", async () => {
    const solo = await createOrganization(api.client);
    expect((await as(solo.owner.accessToken).patch(`/members/${solo.owner.userId}`, { role: "admin" })).status).toBe(
      409,
    );
    expect((await as(solo.owner.accessToken).delete(`/members/${solo.owner.userId}`)).status).toBe(409);
  });

  it("removes a member (audited), who then loses access at once, token or not", async () => {
    const person = await addMember(api.client, org.owner, "member", "leaver");
    const removed = await as(org.admin.accessToken).delete(`/members/${person.userId}`);
    expect(removed.status).toBe(204);
    const [row] = await auditRowsFor(requestIdOf(removed));
    expect(row).toMatchObject({ action: "member.removed", target_id: person.userId });
    expect((await as(person.accessToken).get("/organization")).status).toBe(401);
    expect((await api.client.post("/auth/refresh", { refreshToken: person.refreshToken })).status).toBe(401);
  });

  it("lets any member leave, but not remove someone else", async () => {
    const person = await addMember(api.client, org.owner, "member", "quitter");
    expect((await as(person.accessToken).delete(`/members/${org.admin.userId}`)).status).toBe(403);
    expect((await as(person.accessToken).delete(`/members/${person.userId}`)).status).toBe(204);
  });

  it("lets two owners demote each other at once without a deadlock or a 500, and keeps one owner", async () => {
    const duo = await createOrganization(api.client);
    const second = await addMember(api.client, duo.owner, "owner", "co-owner");
    const statuses = await Promise.all([
      as(duo.owner.accessToken).patch(`/members/${second.userId}`, { role: "admin" }),
      as(second.accessToken).patch(`/members/${duo.owner.userId}`, { role: "admin" }),
    ]).then((responses) => responses.map((response) => response.status).sort());
    // Either order may win; the loser is no longer an owner (403) or would leave none (409), never a 500.
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const owners = (await as(duo.admin.accessToken).get<{ items: { role: string }[] }>("/members")).body.items.filter(
      (member) => member.role === "owner",
    );
    expect(owners).toHaveLength(1);
  });

  it("answers two concurrent changes to the same email with 200 and 409, never a 500", async () => {
    const [a, b] = await Promise.all([signUp(api.client, "racer"), signUp(api.client, "racer")]);
    const email = uniqueEmail("contested");
    const statuses = await Promise.all([
      as(a.accessToken).patch("/me", { email }),
      as(b.accessToken).patch("/me", { email }),
    ]).then((responses) => responses.map((response) => response.status).sort());
    expect(statuses).toEqual([200, 409]);
  });

  it("answers another organization's member id, and a malformed id, with 404", async () => {
    expect((await as(org.owner.accessToken).patch(`/members/${other.member.userId}`, { role: "admin" })).status).toBe(
      404,
    );
    expect((await as(org.owner.accessToken).delete(`/members/${other.member.userId}`)).status).toBe(404);
    expect((await as(org.owner.accessToken).delete("/members/not-a-uuid")).status).toBe(404);
  });
});
