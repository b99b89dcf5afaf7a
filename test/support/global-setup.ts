// Runs once per `npm test`: proves PostgreSQL and Redis answer (failing, never skipping, when they do not),
// creates a throw-away database for this run, migrates it and hands the addresses to the tests through `inject`.
// Roles as on RDS: the database belongs to a login that is NOT a superuser (as the RDS master user is not) and
// the migrations, run as that owner, create the app's login role rusty_api. The app under test connects as
// rusty_api and migrates as the owner, as on ECS. The one difference: rusty_api gets a password here, where RDS
// gives it rds_iam instead. Tests that inspect rows behind the API's back use the superuser address.
import { randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";
import type { TestProject } from "vitest/node";
import type {} from "vitest";
import { migrateToLatest } from "../../app/platform/database/migrations.js";
import { createLogger } from "../../app/platform/logging/logger.js";

const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const ownerRole = "rusty_test_owner";
/** Made by the migrations (app/migrations/*_app-login-role.sql); the password is only for this loopback cluster. */
const appRole = "rusty_api";

declare module "vitest" {
  export interface ProvidedContext {
    /** The database owner (not a superuser), as the migration step connects. */
    databaseUrl: string;
    /** The app's own login role, rusty_api, as the app connects at run time. */
    databaseAppUrl: string;
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
  await migrateToLatest({ connectionString: databaseUrl.toString() }, createLogger("warn"));
  await withAdmin((client) => client.query(`ALTER ROLE ${appRole} PASSWORD '${appRole}'`));
  const appUrl = new URL(databaseUrl);
  appUrl.username = appRole;
  appUrl.password = appRole;
  project.provide("databaseUrl", databaseUrl.toString());
  project.provide("databaseAppUrl", appUrl.toString());
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
