// The tenant restore's guarantee that it cannot touch another organization rests on its session, not on its
// statements: as the tables' owner under FORCEd row-level security with app.organization_id set. Proven here on
// the suite's database (owned by a non-superuser, like RDS): in a confined session, statements aimed at another
// organization change nothing or are refused, even from a superuser login. And a migration that adds a table
// holding organization data fails the restore until someone decides whether a restore brings it back.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { confineToOrganization } from "../../runbooks/drills/operations/tenant-restore.js";
import { assertEveryTenantTableDecided } from "../../runbooks/drills/operations/tenant-tables.js";
import { listTables } from "../../runbooks/drills/support/table-rows.js";
import { startApi, type ApiUnderTest } from "../support/api-app.js";
import { signUp, type Session } from "../support/api-world.js";

let api: ApiUnderTest;
let restored: Session;
let other: Session;
let otherCaseId: string;

beforeAll(async () => {
  api = await startApi();
  [restored, other] = await Promise.all([signUp(api.client, "restored"), signUp(api.client, "other")]);
  const created = await api.client.as(other.accessToken).post<{ id: string }>("/cases", { title: "Not yours" });
  otherCaseId = created.body.id;
});
afterAll(async () => {
  await api?.app.stop();
});

async function confined<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    await confineToOrganization(client, restored.organizationId);
    return await work(client);
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
    await client.end();
  }
}

describe("tenant restore session", () => {
  it.each([
    ["the owner login", "databaseUrl"],
    ["a superuser login", "databaseSuperuserUrl"],
  ] as const)("as %s, cannot read, change or delete another organization's rows", async (_label, urlKey) => {
    await confined(inject(urlKey), async (client) => {
      const seen = await client.query("SELECT id FROM cases WHERE id = $1", [otherCaseId]);
      const renamed = await client.query("UPDATE cases SET title = 'taken' WHERE id = $1", [otherCaseId]);
      const deleted = await client.query("DELETE FROM cases WHERE organization_id = $1", [other.organizationId]);
      const trail = await client.query("DELETE FROM audit_events WHERE organization_id = $1", [other.organizationId]);
      expect([seen.rowCount, renamed.rowCount, deleted.rowCount, trail.rowCount]).toEqual([0, 0, 0, 0]);
    });
  });

  it("refuses to write a row into another organization", async () => {
    await expect(
      confined(inject("databaseUrl"), (client) =>
        client.query("INSERT INTO cases (organization_id, reference, title) VALUES ($1, 999999, 'planted')", [
          other.organizationId,
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("reaches its own organization's rows", async () => {
    const rows = await confined(inject("databaseUrl"), async (client) => {
      const { rowCount } = await client.query("SELECT 1 FROM organizations WHERE id = $1", [restored.organizationId]);
      return rowCount;
    });
    expect(rows).toBe(1);
  });
});

describe("tables the tenant restore knows", () => {
  it("covers every table of the schema that holds organization data, and fails on a new one", async () => {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      expect(() => assertEveryTenantTableDecided([])).not.toThrow();
      await client.query("BEGIN");
      const tables = await listTables(client);
      expect(tables.filter((table) => table.organizationColumn).length).toBeGreaterThanOrEqual(6);
      expect(() => assertEveryTenantTableDecided(tables)).not.toThrow();
      await client.query("CREATE TABLE attachments (id uuid PRIMARY KEY, organization_id uuid NOT NULL)");
      expect(() => assertEveryTenantTableDecided([])).not.toThrow();
      const withNewTable = await listTables(client);
      expect(() => assertEveryTenantTableDecided(withNewTable)).toThrow(/attachments/);
    } finally {
      await client.query("ROLLBACK");
      await client.end();
    }
  });
});
