// Runs once per `npm test`: proves PostgreSQL and Redis answer (failing, never skipping, when they do not),
// creates a throw-away database for this run and hands the addresses to the tests through `inject`.
// The database belongs to a login that is NOT a superuser, as the RDS master user is not: the app migrates and
// runs as that owner, so FORCEd row-level security binds it exactly as in production. Tests that inspect rows
// behind the API's back use the superuser address.
import { randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";
import type { TestProject } from "vitest/node";
import type {} from "vitest";

const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const ownerRole = "rusty_test_owner";

declare module "vitest" {
  export interface ProvidedContext {
    /** The app's connection: the database owner, not a superuser. */
    databaseUrl: string;
    /** The same database as a superuser, for tests that inspect rows directly. */
    databaseSuperuserUrl: string;
    databaseAdminUrl: string;
    redisUrl: string;
    /** REDIS_KEY_PREFIX for every app this run starts: earlier runs' counters and caches never shape this one. */
    redisKeyPrefix: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await assertRedisAnswers(redisUrl);
  const databaseName = `rusty_test_${randomBytes(4).toString("hex")}`;
  await withAdmin(async (client) => {
    // Cluster-wide and shared by runs: created once, never dropped (its password is only for this loopback cluster).
    await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ownerRole}') THEN
        CREATE ROLE ${ownerRole} LOGIN NOSUPERUSER CREATEROLE PASSWORD '${ownerRole}';
      END IF;
    END $$`);
    await client.query(`CREATE DATABASE ${databaseName} OWNER ${ownerRole}`);
  });
  const superuserUrl = new URL(adminUrl);
  superuserUrl.pathname = `/${databaseName}`;
  const databaseUrl = new URL(superuserUrl);
  databaseUrl.username = ownerRole;
  databaseUrl.password = ownerRole;
  project.provide("databaseUrl", databaseUrl.toString());
  project.provide("databaseSuperuserUrl", superuserUrl.toString());
  project.provide("databaseAdminUrl", adminUrl);
  project.provide("redisUrl", redisUrl);
  project.provide("redisKeyPrefix", `rusty-test-${randomBytes(4).toString("hex")}:`);
  return async () => {
    await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`));
  };
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is required by the test suite and did not answer at ${redactUrl(adminUrl)} ` +
        `(start it, or set TEST_DATABASE_ADMIN_URL): ${(error as Error).message}`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function assertRedisAnswers(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const fail = (reason: string) => {
      socket.destroy();
      reject(
        new Error(
          `Redis is required by the test suite and did not answer at ${redactUrl(url)} (start it, or set TEST_REDIS_URL): ${reason}`,
        ),
      );
    };
    socket.setTimeout(3000, () => fail("timeout"));
    socket.once("error", (error) => fail(error.message));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.end();
      if (data.toString().startsWith("+PONG")) resolve();
      else fail(`unexpected reply ${JSON.stringify(data.toString().trim())}`);
    });
  });
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
