// The invitee's side of joining: see the invitations addressed to you, accept one (you become a member with the
// offered role) or decline it. Both answers are audited in the inviting organization, which the invitation
// transaction lets this service act in.
import type { PersonTransaction } from "../../api/person-transactions.js";
import type { Role } from "../../api/roles.js";
import type { TenantTransaction } from "../../api/tenant-transactions.js";
import { AppError } from "../../platform/errors/app-error.js";
import {
  answerInvitation,
  pendingInvitationForUpdate,
  pendingInvitationsFor,
  type InvitationRecord,
} from "../accounts/invitation-repository.js";
import { addMembership } from "../accounts/membership-repository.js";

export function listMyInvitations(tx: TenantTransaction): Promise<InvitationRecord[]> {
  return pendingInvitationsFor(tx, tx.actor.userId);
}

export async function answerMyInvitation(
  tx: PersonTransaction,
  organizationId: string,
  answer: "accepted" | "declined",
): Promise<{ organizationId: string; role: Role }> {
  const { userId } = tx.actor;
  // From here on the transaction acts in the inviting organization, for this invitation only.
  await tx.actIn(organizationId);
  const invitation = await pendingInvitationForUpdate(tx, organizationId, userId);
  if (!invitation) throw new AppError("not_found");
  if (answer === "accepted") await addMembership(tx, organizationId, userId, invitation.role);
  await answerInvitation(tx, invitation.id, answer);
  await tx.audit(
    answer === "accepted"
      ? { action: "member.joined", targetType: "user", targetId: userId, metadata: { role: invitation.role } }
      : { action: "invitation.declined", targetType: "invitation", targetId: invitation.id },
  );
  return { organizationId, role: invitation.role };
}
