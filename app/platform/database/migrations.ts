// Versioned SQL migrations (app/migrations/NNNN_name.sql) applied by node-pg-migrate. Instances that start
// together queue on a blocking advisory lock instead of failing, then find nothing left to do.
import { fileURLToPath } from "node:url";
import { runner } from "node-pg-migrate";
import pg from "pg";
import type { Logger } from "../logging/logger.js";

export const migrationsDirectory = fileURLToPath(new URL("../../migrations", import.meta.url));
export const migrationsTable = "schema_migrations";
const migrationLockKey = 4_242_001;
/** How long a starting instance waits for another's migrations; infra sizes start-up grace periods from it. */
export const migrationLockTimeoutSeconds = 120;

export async function migrateToLatest(connection: pg.ClientConfig, log: Logger): Promise<string[]> {
  const client = new pg.Client({ ...connection, application_name: "rusty-saas-migrate", statement_timeout: 0 });
  await client.connect();
  try {
    await client.query(`SET lock_timeout = '${migrationLockTimeoutSeconds}s'`);
    await client.query("SELECT pg_advisory_lock($1)", [migrationLockKey]);
    const applied = await runner({
      dbClient: client,
      dir: migrationsDirectory,
      direction: "up",
      migrationsTable,
      checkOrder: true,
      // Only the SQL files are migrations (the folder also holds its README).
      ignorePattern: "(\\..*)|(.*\\.md)",
      noLock: true,
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: (message: string) => log.warn(message),
        error: (message: string) => log.error(message),
      },
    });
    const names = applied.map((migration) => migration.name);
    log.info({ applied: names, count: names.length }, names.length > 0 ? "migrations applied" : "schema up to date");
    return names;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [migrationLockKey]).catch(() => undefined);
    await client.end();
  }
}
