// The app's migrations apply on the PostgreSQL major the stacks deploy (RDS engine version in
// infra/data/database-plan.ts), on a real server of that major, as a non-superuser owner like RDS's master user.
// The rest of the suite runs on the machine's PostgreSQL (15 here; CI's service is the RDS major, see
// test/workflows/ci-workflow.test.ts), so this is what proves the schema on the deployed major locally.
import { readdirSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { excessPrivileges, inspectRolePrivileges } from "../../app/platform/database/app-role-check.js";
import { migrateToLatest, migrationsDirectory } from "../../app/platform/database/migrations.js";
import { createLogger } from "../../app/platform/logging/logger.js";
import { postgresMajorVersion } from "../../infra/data/database-plan.js";
import { startRdsMajorServer, type RdsMajorServer } from "../support/rds-major-server.js";

const owner = "rusty_major_owner";
let server: RdsMajorServer;

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  server = await startRdsMajorServer();
  await query(server.url(), `CREATE ROLE ${owner} LOGIN NOSUPERUSER CREATEROLE`);
  await query(server.url(), `CREATE DATABASE rusty OWNER ${owner}`);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe(`the app's migrations on PostgreSQL ${postgresMajorVersion}, the major RDS runs`, () => {
  it("runs a server of exactly that major, from a dependency pinned to it", async () => {
    expect(server.packageVersion.split(".")[0]).toBe(postgresMajorVersion);
    const [row] = await query<{ server_version_num: string }>(server.url(), "SHOW server_version_num");
    expect(Math.floor(Number(row!.server_version_num) / 10000)).toBe(Number(postgresMajorVersion));
  });

  it("applies every migration as the database owner, then finds nothing left to do", async () => {
    const connection = { connectionString: `postgres://${owner}@127.0.0.1:${new URL(server.url()).port}/rusty` };
    const log = createLogger("silent");
    const files = readdirSync(migrationsDirectory).filter((file) => file.endsWith(".sql"));
    expect(files.length).toBeGreaterThan(0);
    const applied = await migrateToLatest(connection, log);
    expect(applied).toEqual(files.map((file) => file.replace(/\.sql$/, "")).sort());
    expect(await migrateToLatest(connection, log)).toEqual([]);
    const tables = await query<{ count: string }>(
      server.url("rusty"),
      "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND rowsecurity",
    );
    // Row-level security is what the schema is about (decision 0003): it must be switched on there too.
    expect(Number(tables[0]!.count)).toBeGreaterThan(0);
  });

  it("lets the owner switch to the app's role per transaction, as the API does (CREATEROLE narrowed in PostgreSQL 16)", async () => {
    const client = new pg.Client({
      connectionString: `postgres://${owner}@127.0.0.1:${new URL(server.url()).port}/rusty`,
    });
    await client.connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL ROLE rusty_app");
      const { rows } = await client.query<{ current_user: string }>("SELECT current_user");
      expect(rows[0]?.current_user).toBe("rusty_app");
      await client.query("COMMIT");
    } finally {
      await client.end();
    }
  });

  it("lets the app's login role, made by the owner's migration, in as RDS would, holding nothing but rusty_app", async () => {
    const client = new pg.Client({
      connectionString: `postgres://rusty_api@127.0.0.1:${new URL(server.url()).port}/rusty`,
    });
    await client.connect();
    try {
      expect(excessPrivileges(await inspectRolePrivileges(client))).toEqual([]);
      await client.query("BEGIN");
      await client.query("SET LOCAL ROLE rusty_app");
      const { rows } = await client.query<{ current_user: string }>("SELECT current_user");
      expect(rows[0]?.current_user).toBe("rusty_app");
      await client.query("ROLLBACK");
    } finally {
      await client.end();
    }
  });
});
