// Least privilege for the database, proven in PostgreSQL: the login the app runs as (rusty_api, made by the
// migrations) cannot change the schema, cannot switch row-level security off or around, cannot read another
// tenant's rows, and holds exactly the grants the app uses; an app given the owner's credentials refuses to
// start in production (runbooks/decisions/0091-app-database-role.md).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { excessPrivileges, inspectRolePrivileges } from "../../app/platform/database/app-role-check.js";
import { startApi, type ApiUnderTest } from "../support/api-app.js";
import { startTestApp } from "../support/app-under-test.js";
import { createOrganization, type Organization } from "../support/api-world.js";

let api: ApiUnderTest;
let first: Organization;
let second: Organization;
let app: pg.Client;
let owner: pg.Client;
let superuser: pg.Client;

beforeAll(async () => {
  api = await startApi();
  [first, second] = await Promise.all([createOrganization(api.client), createOrganization(api.client)]);
  await api.client.as(second.owner.accessToken).post("/cases", { title: "second's secret case" });
  app = new pg.Client({ connectionString: inject("databaseAppUrl") });
  owner = new pg.Client({ connectionString: inject("databaseUrl") });
  superuser = new pg.Client({ connectionString: inject("databaseSuperuserUrl") });
  await Promise.all([app.connect(), owner.connect(), superuser.connect()]);
});
afterAll(async () => {
  await app?.end();
  await owner?.end();
  await superuser?.end();
  await api?.app.stop();
});

/** Runs one statement as rusty_api in a transaction that is rolled back whatever happens. */
async function asApp<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  await app.query("BEGIN");
  try {
    return await work(app);
  } finally {
    await app.query("ROLLBACK");
  }
}

const refused = (sql: string) =>
  expect(
    asApp((client) => client.query(sql)),
    sql,
  ).rejects.toThrow();

describe("the app's login role", () => {
  it("is what the app under test connects as", async () => {
    const { rows } = await owner.query(
      "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'rusty-saas-api:primary'",
    );
    expect(rows).toEqual([{ usename: "rusty_api" }]);
    expect(api.app.logs.join("\n")).not.toContain("privileged database user");
  });

  it("owns nothing and may create nothing, bypass nothing, make no role and no database", async () => {
    const privileges = await inspectRolePrivileges(app);
    expect(privileges).toEqual({
      user: "rusty_api",
      superuser: false,
      bypassRls: false,
      createRole: false,
      createDatabase: false,
      createInSchema: false,
      createInDatabase: false,
      ownedRelations: 0,
    });
    expect(excessPrivileges(privileges)).toEqual([]);
    // The check is not vacuous: the owner the migrations run as fails it.
    expect(excessPrivileges(await inspectRolePrivileges(owner))).toContain("may create objects in schema public");
  });

  it.each([
    "CREATE TABLE smuggled (id int)",
    "CREATE SCHEMA smuggled",
    "CREATE TEMPORARY TABLE smuggled (id int)",
    "CREATE FUNCTION smuggled() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    "CREATE INDEX smuggled ON cases (title)",
    "ALTER TABLE cases ADD COLUMN smuggled text",
    "ALTER TABLE cases DISABLE ROW LEVEL SECURITY",
    "ALTER TABLE cases NO FORCE ROW LEVEL SECURITY",
    "DROP POLICY tenant_isolation ON cases",
    "DROP TABLE tasks",
    "TRUNCATE audit_events",
    "ALTER ROLE rusty_api BYPASSRLS",
    "ALTER ROLE rusty_app BYPASSRLS",
    "SET ROLE rusty_test_owner",
  ])("is refused: %s", async (sql) => {
    await refused(sql);
  });

  it("cannot switch row-level security off: with row_security off a policed read fails instead of showing all", async () => {
    await expect(
      asApp(async (client) => {
        await client.query("SET LOCAL row_security = off");
        return client.query("SELECT count(*) FROM cases");
      }),
    ).rejects.toThrow(/row-level security/);
  });

  it("cannot read another tenant's rows, with or without switching to rusty_app", async () => {
    const seen = await asApp(async (client) => {
      const before = (await client.query("SELECT count(*)::int AS n FROM cases")).rows[0].n as number;
      await client.query(
        "SELECT set_config('role', 'rusty_app', true), set_config('app.organization_id', $1, true), set_config('app.user_id', $2, true)",
        [first.owner.organizationId, first.owner.userId],
      );
      const other = await client.query("SELECT count(*)::int AS n FROM cases WHERE organization_id = $1", [
        second.owner.organizationId,
      ]);
      return { before, other: other.rows[0].n as number };
    });
    expect(seen).toEqual({ before: 0, other: 0 });
    // Not an empty table: second's case is there.
    const { rows } = await superuser.query("SELECT count(*)::int AS n FROM cases WHERE organization_id = $1", [
      second.owner.organizationId,
    ]);
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it("holds exactly the table grants the app uses, all through rusty_app", async () => {
    const { rows } = await app.query<{ grant: string }>(
      `SELECT c.relname || ':' || string_agg(p.privilege, ',' ORDER BY p.privilege) AS grant
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         CROSS JOIN unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) AS p(privilege)
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND has_table_privilege('rusty_api', c.oid, p.privilege)
        GROUP BY c.relname ORDER BY c.relname`,
    );
    expect(rows.map((row) => row.grant)).toEqual([
      "audit_events:INSERT,SELECT",
      "cases:DELETE,INSERT,SELECT,UPDATE",
      "invitations:INSERT,SELECT,UPDATE",
      "memberships:DELETE,INSERT,SELECT,UPDATE",
      "organizations:DELETE,INSERT,SELECT,UPDATE",
      "refresh_tokens:DELETE,INSERT,SELECT,UPDATE",
      "tasks:DELETE,INSERT,SELECT,UPDATE",
      "users:DELETE,INSERT,SELECT,UPDATE",
    ]);
    const direct = await owner.query(
      "SELECT count(*)::int AS n FROM information_schema.role_table_grants WHERE grantee = 'rusty_api'",
    );
    expect(direct.rows[0].n).toBe(0);
  });
});

describe("an app given the owner's credentials", () => {
  const ownerUrl = () => inject("databaseUrl");

  it("refuses to start in production, naming DATABASE_USER", async () => {
    await expect(
      startTestApp({ NODE_ENV: "production", DATABASE_URL: ownerUrl(), LOG_LEVEL: "silent" }),
    ).rejects.toThrow(/DATABASE_USER: rusty_test_owner .*may create objects in schema public.*owns \d+ relations/);
  });

  it("starts elsewhere, with a warning that production would refuse it", async () => {
    const started = await startTestApp({ DATABASE_URL: ownerUrl(), LOG_LEVEL: "warn" });
    try {
      expect(started.logs.join("\n")).toContain("privileged database user (refused in production)");
    } finally {
      await started.stop();
    }
  });
});
