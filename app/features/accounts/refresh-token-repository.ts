// Refresh tokens in SQL: only their SHA-256 is stored (auth/refresh-tokens.ts makes and hashes them). Shared
// because leaving an organization (members) and erasure (me) end sessions too.
import type { Executor } from "../../platform/database/database.js";

export interface RefreshTokenRow {
  id: string;
  family_id: string;
  user_id: string;
  organization_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  /** The successor this token was exchanged for, sealed under a key only this token yields (null before use). */
  successor_sealed: Buffer | null;
  /** Used, and no longer ago than the reuse grace, by the database's clock (the one that wrote used_at). */
  used_within_grace: boolean;
}

export async function storeRefreshToken(
  db: Executor,
  input: { hash: Buffer; familyId: string | null; userId: string; organizationId: string; ttlDays: number },
): Promise<void> {
  await db.query(
    `INSERT INTO refresh_tokens (family_id, user_id, organization_id, token_hash, expires_at)
     VALUES (coalesce($1::uuid, gen_random_uuid()), $2, $3, $4, now() + make_interval(days => $5))`,
    [input.familyId, input.userId, input.organizationId, input.hash, input.ttlDays],
  );
}

/** Locks the token's row until the transaction ends, so two refreshes with one token take turns. */
export async function findForUpdate(
  db: Executor,
  hash: Buffer,
  reuseGraceSeconds = 0,
): Promise<RefreshTokenRow | undefined> {
  const { rows } = await db.query<RefreshTokenRow & Record<string, unknown>>(
    `SELECT id, family_id, user_id, organization_id, expires_at, used_at, revoked_at, successor_sealed,
       coalesce(used_at >= clock_timestamp() - make_interval(secs => $2), false) AS used_within_grace
     FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
    [hash, reuseGraceSeconds],
  );
  return rows[0];
}

export async function markUsed(db: Executor, id: string, successorSealed: Buffer): Promise<void> {
  await db.query("UPDATE refresh_tokens SET used_at = now(), successor_sealed = $2 WHERE id = $1", [
    id,
    successorSealed,
  ]);
}

export async function revokeFamily(db: Executor, familyId: string): Promise<void> {
  await db.query("UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL", [
    familyId,
  ]);
}

export async function revokeAllForUser(db: Executor, userId: string): Promise<void> {
  await db.query("UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL", [userId]);
}

/** A removed member's sessions in that organization end with the removal. */
export async function revokeForOrganization(db: Executor, userId: string, organizationId: string): Promise<void> {
  await db.query(
    "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND organization_id = $2 AND revoked_at IS NULL",
    [userId, organizationId],
  );
}
