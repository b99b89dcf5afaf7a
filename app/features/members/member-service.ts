// Membership rules: people join by accepting an invitation; roles owner > admin > member; an admin can't touch
// an owner or make one; an organization always keeps at least one owner.
import type { Role } from "../../api/roles.js";
import type { TenantTransaction, TenantWriteTransaction } from "../../api/tenant-transactions.js";
import { AppError } from "../../platform/errors/app-error.js";
import { upsertInvitation } from "../accounts/invitation-repository.js";
import {
  findMember,
  isMemberByEmail,
  listMembers as membersOf,
  lockOwnersAnd,
  removeMembership,
  unassignMember,
  setRole,
  type MemberRecord,
} from "../accounts/membership-repository.js";
import { revokeForOrganization } from "../accounts/refresh-token-repository.js";

export function listMembers(tx: TenantTransaction): Promise<MemberRecord[]> {
  return membersOf(tx, tx.actor.organizationId);
}

/**
 * Invites an email into the organization. The answer is the same whether or not an account uses the email, and
 * carries nothing about that account: membership needs the person's own acceptance (POST /me/invitations/…).
 */
export async function inviteMember(tx: TenantWriteTransaction, email: string, role: Role) {
  if (role === "owner" && tx.actor.role !== "owner")
    throw new AppError("forbidden", { detail: "Only an owner can invite an owner." });
  if (await isMemberByEmail(tx, tx.actor.organizationId, email))
    throw new AppError("conflict", { detail: "Already a member." });
  const invitationId = await upsertInvitation(tx, {
    organizationId: tx.actor.organizationId,
    email,
    role,
    invitedBy: tx.actor.userId,
  });
  await tx.audit({ action: "member.invited", targetType: "invitation", targetId: invitationId, metadata: { role } });
  return { email, role, status: "invited" as const };
}

export async function changeRole(tx: TenantWriteTransaction, userId: string, role: Role): Promise<MemberRecord> {
  const { target, callerRole, owners } = await lockForChange(tx, userId);
  guardOwnerChanges(callerRole, target, role);
  if (target.role === "owner" && role !== "owner") keepOneOwner(owners, userId);
  await setRole(tx, tx.actor.organizationId, userId, role);
  await tx.audit({
    action: "member.role_changed",
    targetType: "user",
    targetId: userId,
    metadata: { from: target.role, to: role },
  });
  return { ...target, role };
}

export async function removeMember(tx: TenantWriteTransaction, userId: string): Promise<void> {
  const { target, callerRole, owners } = await lockForChange(tx, userId);
  const leaving = userId === tx.actor.userId;
  if (!leaving && callerRole === "member")
    throw new AppError("forbidden", { detail: "This action needs the admin role." });
  if (!leaving) guardOwnerChanges(callerRole, target, target.role);
  if (target.role === "owner") keepOneOwner(owners, userId);
  await removeMembership(tx, tx.actor.organizationId, userId);
  await revokeForOrganization(tx, userId, tx.actor.organizationId);
  await unassignMember(tx, tx.actor.organizationId, userId);
  await tx.audit({
    action: leaving ? "member.left" : "member.removed",
    targetType: "user",
    targetId: userId,
    metadata: { role: target.role },
  });
}

/** Locks the owners, the caller and the target together, and reads the caller's role as it is now. */
async function lockForChange(tx: TenantTransaction, userId: string) {
  const { organizationId } = tx.actor;
  const locked = await lockOwnersAnd(tx, organizationId, [tx.actor.userId, userId]);
  const callerRole = locked.get(tx.actor.userId);
  if (!callerRole)
    throw new AppError("unauthenticated", { detail: "You are no longer a member of this organization." });
  const target = locked.has(userId) ? await findMember(tx, organizationId, userId) : undefined;
  if (!target) throw new AppError("not_found");
  const owners = [...locked].filter(([, role]) => role === "owner").map(([id]) => id);
  return { target, callerRole, owners };
}

function guardOwnerChanges(callerRole: Role, target: MemberRecord, newRole: Role): void {
  if (callerRole === "owner") return;
  if (callerRole === "member") throw new AppError("forbidden", { detail: "This action needs the admin role." });
  if (target.role === "owner" || newRole === "owner")
    throw new AppError("forbidden", { detail: "Only an owner can change an owner or make one." });
}

function keepOneOwner(owners: string[], leavingOwnerId: string): void {
  if (owners.filter((id) => id !== leavingOwnerId).length === 0) {
    throw new AppError("conflict", { detail: "The organization needs another owner first." });
  }
}
