// Membership rules: roles owner > admin > member; an admin can't touch an owner or make one; an organization
// always keeps at least one owner.
import type { TenantTransaction } from "../../api/tenant-scope.js";
import type { AuditEntry } from "../../api/audit-trail.js";
import type { Role } from "../../api/roles.js";
import { AppError } from "../../platform/errors/app-error.js";
import { revokeForOrganization } from "../auth/refresh-tokens.js";
import {
  addMembership,
  findMember,
  lockOwnersAnd,
  removeMembership,
  unassignMember,
  setRole,
  type MemberRecord,
} from "../accounts/membership-repository.js";
import { findUserByEmail } from "../accounts/user-repository.js";

type Outcome = Promise<{ result: MemberRecord; audit: AuditEntry[] }>;

export async function addMember(tx: TenantTransaction, email: string, role: Role): Outcome {
  if (role === "owner" && tx.actor.role !== "owner")
    throw new AppError("forbidden", { detail: "Only an owner can add an owner." });
  const user = await findUserByEmail(tx, email);
  if (!user) throw new AppError("not_found", { detail: "No account uses this email; ask them to sign up first." });
  if (!(await addMembership(tx, tx.actor.organizationId, user.id, role)))
    throw new AppError("conflict", { detail: "Already a member." });
  const member = (await findMember(tx, tx.actor.organizationId, user.id)) as MemberRecord;
  return {
    result: member,
    audit: [{ action: "member.added", targetType: "user", targetId: user.id, metadata: { role } }],
  };
}

export async function changeRole(tx: TenantTransaction, userId: string, role: Role): Outcome {
  const { target, callerRole, owners } = await lockForChange(tx, userId);
  guardOwnerChanges(callerRole, target, role);
  if (target.role === "owner" && role !== "owner") keepOneOwner(owners, userId);
  await setRole(tx, tx.actor.organizationId, userId, role);
  return {
    result: { ...target, role },
    audit: [
      {
        action: "member.role_changed",
        targetType: "user",
        targetId: userId,
        metadata: { from: target.role, to: role },
      },
    ],
  };
}

export async function removeMember(tx: TenantTransaction, userId: string): Outcome {
  const { target, callerRole, owners } = await lockForChange(tx, userId);
  const leaving = userId === tx.actor.userId;
  if (!leaving && callerRole === "member")
    throw new AppError("forbidden", { detail: "This action needs the admin role." });
  if (!leaving) guardOwnerChanges(callerRole, target, target.role);
  if (target.role === "owner") keepOneOwner(owners, userId);
  await removeMembership(tx, tx.actor.organizationId, userId);
  await revokeForOrganization(tx, userId, tx.actor.organizationId);
  await unassignMember(tx, tx.actor.organizationId, userId);
  return {
    result: target,
    audit: [
      {
        action: leaving ? "member.left" : "member.removed",
        targetType: "user",
        targetId: userId,
        metadata: { role: target.role },
      },
    ],
  };
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
