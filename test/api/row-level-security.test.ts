// The second layer of tenant isolation, tested directly in PostgreSQL: as the app's role, with no organization
// set, every tenant table shows nothing; with one set, only that organization's rows.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startApi, type ApiUnderTest } from "../support/api-app.js";
import { createOrganization, type Organization } from "../support/api-world.js";

const tenantTables = ["organizations", "memberships", "cases", "tasks", "audit_events"];
let api: ApiUnderTest;
let first: Organization;
let second: Organization;
let client: pg.Client;
let superuser: pg.Client;

beforeAll(async () => {
  api = await startApi();
  [first, second] = await Promise.all([createOrganization(api.client), createOrganization(api.client)]);
  const probeCase = await api.client
    .as(first.owner.accessToken)
    .post<{ id: string }>("/cases", { title: "RLS probe case" });
  await api.client.as(first.owner.accessToken).post(`/cases/${probeCase.body.id}/tasks`, { title: "RLS probe task" });
  // The app's own login (the tables' owner, not a superuser), and a superuser to see what is really there.
  client = new pg.Client({ connectionString: inject("databaseUrl") });
  superuser = new pg.Client({ connectionString: inject("databaseSuperuserUrl") });
  await Promise.all([client.connect(), superuser.connect()]);
});
afterAll(async () => {
  await client?.end();
  await superuser?.end();
  await api?.app.stop();
});

async function asAppRole<T>(organizationId: string | null, work: () => Promise<T>, userId?: string): Promise<T> {
  await client.query("BEGIN");
  try {
    await client.query("SET LOCAL ROLE rusty_app");
    if (organizationId) await client.query("SELECT set_config('app.organization_id', $1, true)", [organizationId]);
    if (userId) await client.query("SELECT set_config('app.user_id', $1, true)", [userId]);
    return await work();
  } finally {
    await client.query("ROLLBACK");
  }
}

const count = async (table: string, on: pg.Client = client) =>
  Number((await on.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

describe("row-level security", () => {
  it("shows the app role 0 rows of every tenant table when no organization is set", async () => {
    for (const table of tenantTables) expect(await asAppRole(null, () => count(table)), table).toBe(0);
    // The same tables do hold rows: each zero comes from the policy, not from an empty table.
    for (const table of tenantTables) expect(await count(table, superuser), table).toBeGreaterThan(0);
  });

  it("binds the tables' owner too (FORCE): the app's login sees nothing outside a tenant context", async () => {
    for (const table of tenantTables) expect(await count(table), table).toBe(0);
  });

  it("shows only the organization that is set", async () => {
    const organizations = await asAppRole(
      first.owner.organizationId,
      async () => (await client.query("SELECT DISTINCT organization_id FROM memberships")).rows,
    );
    expect(organizations).toEqual([{ organization_id: first.owner.organizationId }]);
  });

  it("refuses to write a row into another organization", async () => {
    await expect(
      asAppRole(first.owner.organizationId, () =>
        client.query("INSERT INTO cases (organization_id, reference, title) VALUES ($1, 999, 'smuggled')", [
          second.owner.organizationId,
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("lets a transaction in one organization change nothing in another the user merely belongs to", async () => {
    // first.member signs up in an organization of their own, then joins `first`: they belong to both.
    const memberOrganizations = (
      await superuser.query("SELECT organization_id FROM memberships WHERE user_id = $1", [first.member.userId])
    ).rows.map((row) => row.organization_id as string);
    const elsewhere = memberOrganizations.find((id) => id !== first.owner.organizationId) as string;
    const changed = await asAppRole(
      first.owner.organizationId,
      async () => ({
        organizations: (await client.query("DELETE FROM organizations WHERE id = $1", [elsewhere])).rowCount,
        memberships: (await client.query("DELETE FROM memberships WHERE organization_id = $1", [elsewhere])).rowCount,
        visible: (
          await client.query("SELECT count(*)::int AS n FROM memberships WHERE organization_id = $1", [elsewhere])
        ).rows[0].n,
      }),
      first.member.userId,
    );
    // The user still sees their own membership there (login, export), but cannot touch that organization.
    expect(changed).toEqual({ organizations: 0, memberships: 0, visible: 1 });
  });

  it("lets a transaction change only its own user's account row", async () => {
    const renamed = await asAppRole(
      first.owner.organizationId,
      async () => (await client.query("UPDATE users SET name = 'pwned' WHERE id = $1", [second.owner.userId])).rowCount,
      first.owner.userId,
    );
    expect(renamed).toBe(0);
  });

  it("keeps the audit trail append-only for the app role", async () => {
    await expect(
      asAppRole(first.owner.organizationId, () => client.query("UPDATE audit_events SET action = 'forged'")),
    ).rejects.toThrow(/permission denied/);
    await expect(asAppRole(first.owner.organizationId, () => client.query("DELETE FROM audit_events"))).rejects.toThrow(
      /permission denied/,
    );
  });

  it("is forced on the table owner and the app role can neither bypass it nor own the tables", async () => {
    const { rows } = await superuser.query(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner) AS owner
       FROM pg_class c WHERE c.relname = ANY($1) ORDER BY c.relname`,
      [tenantTables],
    );
    expect(rows.map((row) => row.relname)).toEqual([...tenantTables].sort());
    for (const row of rows) expect(row, row.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
    expect(rows.every((row) => row.owner !== "rusty_app")).toBe(true);
    const role = (await client.query("SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = 'rusty_app'"))
      .rows[0];
    expect(role).toEqual({ rolbypassrls: false, rolsuper: false });
  });
});
