// Memberships: which user belongs to which organization with which role.
import type { Executor } from "../../platform/database/database.js";
import type { Role } from "../../api/roles.js";

export interface MemberRecord {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  created_at: Date;
}

const memberColumns = "m.user_id, u.email, u.name, m.role, m.created_at";

export async function addMembership(
  db: Executor,
  organizationId: string,
  userId: string,
  role: Role,
): Promise<boolean> {
  const { rowCount } = await db.query(
    "INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    [organizationId, userId, role],
  );
  return (rowCount ?? 0) > 0;
}

export async function listMembers(db: Executor, organizationId: string): Promise<MemberRecord[]> {
  const { rows } = await db.query<MemberRecord & Record<string, unknown>>(
    `SELECT ${memberColumns} FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.organization_id = $1 ORDER BY m.created_at, m.user_id`,
    [organizationId],
  );
  return rows;
}

export async function isMember(db: Executor, organizationId: string, userId: string): Promise<boolean> {
  const { rowCount } = await db.query("SELECT 1 FROM memberships WHERE organization_id = $1 AND user_id = $2", [
    organizationId,
    userId,
  ]);
  return (rowCount ?? 0) > 0;
}

export async function isMemberByEmail(db: Executor, organizationId: string, email: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1 AND lower(u.email) = lower($2)",
    [organizationId, email],
  );
  return (rowCount ?? 0) > 0;
}

export async function findMember(
  db: Executor,
  organizationId: string,
  userId: string,
): Promise<MemberRecord | undefined> {
  const { rows } = await db.query<MemberRecord & Record<string, unknown>>(
    `SELECT ${memberColumns} FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.organization_id = $1 AND m.user_id = $2 FOR UPDATE OF m`,
    [organizationId, userId],
  );
  return rows[0];
}

export async function setRole(db: Executor, organizationId: string, userId: string, role: Role): Promise<void> {
  await db.query("UPDATE memberships SET role = $3 WHERE organization_id = $1 AND user_id = $2", [
    organizationId,
    userId,
    role,
  ]);
}

export async function removeMembership(db: Executor, organizationId: string, userId: string): Promise<void> {
  await db.query("DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2", [organizationId, userId]);
}

/**
 * Locks, in one statement and in user-id order (so concurrent changes cannot deadlock), every owner plus the
 * given members, and returns their current roles: role checks then use values no concurrent change can alter.
 */
export async function lockOwnersAnd(
  db: Executor,
  organizationId: string,
  userIds: string[],
): Promise<Map<string, Role>> {
  const { rows } = await db.query<{ user_id: string; role: Role }>(
    `SELECT user_id, role FROM memberships WHERE organization_id = $1 AND (role = 'owner' OR user_id = ANY($2::uuid[]))
     ORDER BY user_id FOR UPDATE`,
    [organizationId, userIds],
  );
  return new Map(rows.map((row) => [row.user_id, row.role]));
}

/** Owners of the organization, locked so two concurrent demotions cannot leave it without one. */
export async function lockOwners(db: Executor, organizationId: string): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>(
    "SELECT user_id FROM memberships WHERE organization_id = $1 AND role = 'owner' ORDER BY user_id FOR UPDATE",
    [organizationId],
  );
  return rows.map((row) => row.user_id);
}

export async function countMembers(db: Executor, organizationId: string): Promise<number> {
  const { rows } = await db.query<{ count: string }>("SELECT count(*) FROM memberships WHERE organization_id = $1", [
    organizationId,
  ]);
  return Number(rows[0]?.count ?? 0);
}

/** The user's memberships in every organization (visible through the app.user_id policy). */
export async function membershipsOfUser(
  db: Executor,
  userId: string,
): Promise<{ organization_id: string; role: Role; created_at: Date; organization_name: string }[]> {
  const { rows } = await db.query<{ organization_id: string; role: Role; created_at: Date; organization_name: string }>(
    `SELECT m.organization_id, m.role, m.created_at, o.name AS organization_name
     FROM memberships m JOIN organizations o ON o.id = m.organization_id
     WHERE m.user_id = $1 ORDER BY m.created_at, m.organization_id`,
    [userId],
  );
  return rows;
}

/** Someone leaving an organization keeps no assignments there. */
export async function unassignMember(db: Executor, organizationId: string, userId: string): Promise<void> {
  await db.query(
    "UPDATE cases SET assignee_id = NULL, updated_at = now(), version = version + 1 WHERE organization_id = $1 AND assignee_id = $2",
    [organizationId, userId],
  );
  await db.query(
    "UPDATE tasks SET assignee_id = NULL, updated_at = now() WHERE organization_id = $1 AND assignee_id = $2",
    [organizationId, userId],
  );
}
