// The privacy rights: see and correct your data, take it with you (export), and have it erased.
import { recordAuditEvents } from "../../api/audit-trail.js";
import { setTenantContext, type TenantTransaction } from "../../api/tenant-scope.js";
import { AppError } from "../../platform/errors/app-error.js";
import { countMembers, lockOwners, membershipsOfUser, removeMembership } from "../accounts/membership-repository.js";
import { deleteOrganization } from "../accounts/organization-repository.js";
import { anonymizeUser, emailTaken, findUserById, presentUser, updateUser } from "../accounts/user-repository.js";
import { revokeAllForUser } from "../auth/refresh-tokens.js";
import { pendingInvitationsFor, presentInvitation } from "../accounts/invitation-repository.js";
import { erasePersonalRecords, personalRecords, sessionsOf } from "./personal-data-repository.js";

export async function describeMe(tx: TenantTransaction) {
  const user = await findUserById(tx, tx.actor.userId);
  if (!user) throw new AppError("unauthenticated");
  return { user: presentUser(user), organizationId: tx.actor.organizationId, role: tx.actor.role };
}

export async function updateMe(tx: TenantTransaction, changes: { name?: string; email?: string }) {
  if (changes.email && (await emailTaken(tx, changes.email, tx.actor.userId))) {
    throw new AppError("conflict", { detail: "Another account uses this email." });
  }
  const user = await updateUser(tx, tx.actor.userId, changes);
  if (!user) throw new AppError("unauthenticated");
  const fields = Object.keys(changes);
  return {
    result: presentUser(user),
    audit: [{ action: "user.updated", targetType: "user", targetId: user.id, metadata: { fields } }],
  };
}

export async function exportPersonalData(tx: TenantTransaction) {
  const { userId } = tx.actor;
  const user = await findUserById(tx, userId);
  if (!user) throw new AppError("unauthenticated");
  const memberships = await membershipsOfUser(tx, userId);
  return {
    exportedAt: new Date().toISOString(),
    user: presentUser(user),
    memberships: memberships.map((membership) => ({
      organizationId: membership.organization_id,
      name: membership.organization_name,
      role: membership.role,
      joinedAt: membership.created_at.toISOString(),
    })),
    sessions: await sessionsOf(tx, userId),
    invitations: (await pendingInvitationsFor(tx, userId)).map(presentInvitation),
    // Every organization, including ones the person has left.
    ...(await personalRecords(tx)),
  };
}

/**
 * Erasure, all or nothing: refused (409) while the person is the last owner of an organization that has other
 * members; an organization they are alone in is deleted with them. Audit rows keep only the (now anonymous)
 * user id: no address, no details.
 */
export async function eraseMe(tx: TenantTransaction, requestId: string): Promise<void> {
  const { userId } = tx.actor;
  const memberships = await membershipsOfUser(tx, userId);
  const aloneIn: string[] = [];
  for (const membership of memberships) {
    await setTenantContext(tx, membership.organization_id, userId);
    if (membership.role !== "owner") continue;
    const owners = await lockOwners(tx, membership.organization_id);
    if (owners.length > 1) continue;
    if ((await countMembers(tx, membership.organization_id)) > 1) {
      throw new AppError("conflict", {
        detail: `Hand over ownership of "${membership.organization_name}" before erasing your account.`,
      });
    }
    aloneIn.push(membership.organization_id);
  }
  await erasePersonalRecords(tx);
  for (const membership of memberships) {
    await setTenantContext(tx, membership.organization_id, userId);
    if (aloneIn.includes(membership.organization_id)) {
      await deleteOrganization(tx, membership.organization_id);
      continue;
    }
    await removeMembership(tx, membership.organization_id, userId);
    await recordAuditEvents(
      tx,
      { organizationId: membership.organization_id, actorId: userId, requestId, clientIp: null },
      [{ action: "user.erased", targetType: "user", targetId: userId }],
    );
  }
  await revokeAllForUser(tx, userId);
  await anonymizeUser(tx, userId);
}
