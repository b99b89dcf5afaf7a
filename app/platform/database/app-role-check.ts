// Start-up check that the app runs as its own least-privilege role (rusty_api), not as the schema's owner or a
// superuser. The owner's credentials in the app would let one SQL injection or one bad query drop tables, and
// FORCE row-level security binds the owner only until it runs ALTER TABLE … NO FORCE. Production refuses to
// start; elsewhere (local development on one owner login, the fault tests' proxies) it is a warning, because
// the check is about what a deployment was given, not about the code (runbooks/decisions/0091).
import type pg from "pg";
import type { Logger } from "../logging/logger.js";

export interface RolePrivileges {
  user: string;
  superuser: boolean;
  bypassRls: boolean;
  createRole: boolean;
  createDatabase: boolean;
  /** May create objects in schema public (CREATE on the schema). */
  createInSchema: boolean;
  /** May create schemas in the database. */
  createInDatabase: boolean;
  /** Relations in schema public whose owner this user is, or inherits the rights of. */
  ownedRelations: number;
}

export async function inspectRolePrivileges(executor: Pick<pg.Pool, "query">): Promise<RolePrivileges> {
  const { rows } = await executor.query<RolePrivileges>(
    `SELECT current_user AS "user", r.rolsuper AS superuser, r.rolbypassrls AS "bypassRls",
            r.rolcreaterole AS "createRole", r.rolcreatedb AS "createDatabase",
            has_schema_privilege(current_user, 'public', 'CREATE') AS "createInSchema",
            has_database_privilege(current_user, current_database(), 'CREATE') AS "createInDatabase",
            (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE'))::int AS "ownedRelations"
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const row = rows[0];
  if (!row) throw new Error("the database user is not in pg_roles");
  return row;
}

/** What makes a role unfit to run the app, one phrase each; empty when it is fit. */
export function excessPrivileges(privileges: RolePrivileges): string[] {
  return [
    privileges.superuser && "is a superuser",
    privileges.bypassRls && "bypasses row-level security",
    privileges.createRole && "may create roles",
    privileges.createDatabase && "may create databases",
    privileges.createInSchema && "may create objects in schema public",
    privileges.createInDatabase && "may create schemas",
    privileges.ownedRelations > 0 && `owns ${privileges.ownedRelations} relations in schema public`,
  ].filter((problem): problem is string => typeof problem === "string");
}

export class PrivilegedDatabaseUserError extends Error {
  constructor(user: string, problems: string[]) {
    super(
      `DATABASE_USER: ${user} ${problems.join(", ")}; the app must connect as its own role (rusty_api), ` +
        "and only the migration step as the owner (DATABASE_MIGRATION_USER)",
    );
    this.name = "PrivilegedDatabaseUserError";
  }
}

/** Throws in production when the app's user could change the schema or escape row-level security; warns elsewhere. */
export async function checkAppRole(
  primary: Pick<pg.Pool, "query">,
  options: { production: boolean; log: Logger },
): Promise<void> {
  const privileges = await inspectRolePrivileges(primary);
  const problems = excessPrivileges(privileges);
  if (problems.length === 0) return;
  if (options.production) throw new PrivilegedDatabaseUserError(privileges.user, problems);
  options.log.warn(
    { databaseUser: privileges.user, problems },
    "the app runs as a privileged database user (refused in production): connect as rusty_api",
  );
}
