// Users are global identities (one per email); what a tenant may see of them is decided by memberships.
import type { Executor } from "../../platform/database/database.js";

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  created_at: Date;
  updated_at: Date;
}

interface UserWithSecret extends UserRecord {
  password_hash: string | null;
}

const columns = "id, email, name, created_at, updated_at";

export async function insertUser(
  db: Executor,
  input: { email: string; name: string; passwordHash: string },
): Promise<UserRecord | undefined> {
  const { rows } = await db.query<UserRecord & Record<string, unknown>>(
    `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (lower(email)) DO NOTHING RETURNING ${columns}`,
    [input.email, input.name, input.passwordHash],
  );
  return rows[0];
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserWithSecret | undefined> {
  const { rows } = await db.query<UserWithSecret & Record<string, unknown>>(
    `SELECT ${columns}, password_hash FROM users WHERE lower(email) = lower($1) AND erased_at IS NULL`,
    [email],
  );
  return rows[0];
}

export async function findUserById(db: Executor, id: string): Promise<UserRecord | undefined> {
  const { rows } = await db.query<UserRecord & Record<string, unknown>>(
    `SELECT ${columns} FROM users WHERE id = $1 AND erased_at IS NULL`,
    [id],
  );
  return rows[0];
}

export async function updateUser(
  db: Executor,
  id: string,
  changes: { name?: string; email?: string },
): Promise<UserRecord | undefined> {
  const { rows } = await db.query<UserRecord & Record<string, unknown>>(
    `UPDATE users SET name = coalesce($2, name), email = coalesce($3, email), updated_at = now()
     WHERE id = $1 AND erased_at IS NULL RETURNING ${columns}`,
    [id, changes.name ?? null, changes.email ?? null],
  );
  return rows[0];
}

export async function emailTaken(db: Executor, email: string, exceptUserId: string): Promise<boolean> {
  const { rowCount } = await db.query("SELECT 1 FROM users WHERE lower(email) = lower($1) AND id <> $2", [
    email,
    exceptUserId,
  ]);
  return (rowCount ?? 0) > 0;
}

/** Erasure: the row stays (audit rows point to it) but holds nothing personal and can never sign in. */
export async function anonymizeUser(db: Executor, id: string): Promise<void> {
  await db.query(
    `UPDATE users SET email = 'erased+' || id || '@invalid', name = 'Erased user', password_hash = NULL,
       erased_at = now(), updated_at = now() WHERE id = $1`,
    [id],
  );
}
