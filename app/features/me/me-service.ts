// The privacy rights: see and correct your data, take it with you (export), and have it erased.
import type { PersonTransaction } from "../../api/person-transactions.js";
import type { TenantTransaction, TenantWriteTransaction } from "../../api/tenant-transactions.js";
import { AppError } from "../../platform/errors/app-error.js";
import { pendingInvitationsFor } from "../accounts/invitation-repository.js";
import { countMembers, lockOwners, membershipsOfUser, removeMembership } from "../accounts/membership-repository.js";
import { deleteOrganization } from "../accounts/organization-repository.js";
import { presentInvitation, presentUser } from "../accounts/people-presenters.js";
import { revokeAllForUser } from "../accounts/refresh-token-repository.js";
import { anonymizeUser, emailTaken, findUserById, updateUser, type UserRecord } from "../accounts/user-repository.js";
import { erasePersonalRecords, personalRecords, sessionsOf } from "./personal-data-repository.js";
import type { UpdateMeInput } from "./me-schemas.js";

export async function describeMe(tx: TenantTransaction) {
  const user = await findUserById(tx, tx.actor.userId);
  if (!user) throw new AppError("unauthenticated");
  return { user, organizationId: tx.actor.organizationId, role: tx.actor.role };
}

export async function updateMe(tx: TenantWriteTransaction, changes: UpdateMeInput): Promise<UserRecord> {
  if (changes.email && (await emailTaken(tx, changes.email, tx.actor.userId))) {
    throw new AppError("conflict", { detail: "Another account uses this email." });
  }
  const user = await updateUser(tx, tx.actor.userId, changes);
  if (!user) throw new AppError("unauthenticated");
  await tx.audit({
    action: "user.updated",
    targetType: "user",
    targetId: user.id,
    metadata: { fields: Object.keys(changes) },
  });
  return user;
}

/** Everything held about the caller, already in its exported form (the export is a document, not a view). */
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
 * user id: the erasure transaction writes them without an address, and with no details.
 */
export async function eraseMe(tx: PersonTransaction): Promise<void> {
  const { userId } = tx.actor;
  const memberships = await membershipsOfUser(tx, userId);
  const aloneIn: string[] = [];
  for (const membership of memberships) {
    await tx.actIn(membership.organization_id);
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
    await tx.actIn(membership.organization_id);
    if (aloneIn.includes(membership.organization_id)) {
      await deleteOrganization(tx, membership.organization_id);
      continue;
    }
    await removeMembership(tx, membership.organization_id, userId);
    await tx.audit({ action: "user.erased", targetType: "user", targetId: userId });
  }
  await revokeAllForUser(tx, userId);
  await anonymizeUser(tx, userId);
}
