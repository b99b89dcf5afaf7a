// Invitations: an organization's offer of a role, addressed to an email, until the person answers.
import type { Executor } from "../../platform/database/database.js";
import type { Role } from "../../api/roles.js";

export interface InvitationRecord {
  id: string;
  organization_id: string;
  organization_name: string;
  email: string;
  role: Role;
  created_at: Date;
}

/** Creates the pending invitation, or updates its role when one is already pending. */
export async function upsertInvitation(
  db: Executor,
  input: { organizationId: string; email: string; role: Role; invitedBy: string },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO invitations (organization_id, email, role, invited_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (organization_id, lower(email)) WHERE answered_at IS NULL
     DO UPDATE SET role = EXCLUDED.role, invited_by = EXCLUDED.invited_by RETURNING id`,
    [input.organizationId, input.email, input.role, input.invitedBy],
  );
  return (rows[0] as { id: string }).id;
}

/** Pending invitations addressed to the calling user's email (visible through the invitee policy). */
export async function pendingInvitationsFor(db: Executor, userId: string): Promise<InvitationRecord[]> {
  const { rows } = await db.query<InvitationRecord & Record<string, unknown>>(
    `SELECT i.id, i.organization_id, o.name AS organization_name, i.email, i.role, i.created_at
     FROM invitations i JOIN organizations o ON o.id = i.organization_id, users u
     WHERE u.id = $1 AND lower(i.email) = lower(u.email) AND i.answered_at IS NULL
     ORDER BY i.created_at`,
    [userId],
  );
  return rows;
}

/** The pending invitation of one organization for the calling user, locked for answering. */
export async function pendingInvitationForUpdate(
  db: Executor,
  organizationId: string,
  userId: string,
): Promise<{ id: string; role: Role } | undefined> {
  const { rows } = await db.query<{ id: string; role: Role }>(
    `SELECT i.id, i.role FROM invitations i, users u
     WHERE i.organization_id = $1 AND u.id = $2 AND lower(i.email) = lower(u.email) AND i.answered_at IS NULL
     FOR UPDATE OF i`,
    [organizationId, userId],
  );
  return rows[0];
}

export async function answerInvitation(db: Executor, id: string, answer: "accepted" | "declined"): Promise<void> {
  await db.query("UPDATE invitations SET answered_at = now(), answer = $2 WHERE id = $1", [id, answer]);
}
