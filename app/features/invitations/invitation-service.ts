// The invitee's side of joining: see the invitations addressed to you, accept one (you become a member with the
// offered role) or decline it. Both answers are audited in the inviting organization.
import { recordAuditEvents, type RequestOrigin } from "../../api/audit-trail.js";
import { setTenantContext, type TenantTransaction } from "../../api/tenant-scope.js";
import { AppError } from "../../platform/errors/app-error.js";
import {
  answerInvitation,
  pendingInvitationForUpdate,
  pendingInvitationsFor,
  presentInvitation,
} from "../accounts/invitation-repository.js";
import { addMembership } from "../accounts/membership-repository.js";

export async function listMyInvitations(tx: TenantTransaction) {
  return { items: (await pendingInvitationsFor(tx, tx.actor.userId)).map(presentInvitation) };
}

export async function answerMyInvitation(
  tx: TenantTransaction,
  organizationId: string,
  answer: "accepted" | "declined",
  origin: RequestOrigin,
) {
  const { userId } = tx.actor;
  // From here on the transaction acts in the inviting organization, for this invitation only.
  await setTenantContext(tx, organizationId, userId);
  const invitation = await pendingInvitationForUpdate(tx, organizationId, userId);
  if (!invitation) throw new AppError("not_found");
  if (answer === "accepted") await addMembership(tx, organizationId, userId, invitation.role);
  await answerInvitation(tx, invitation.id, answer);
  await recordAuditEvents(tx, { organizationId, actorId: userId, ...origin }, [
    answer === "accepted"
      ? { action: "member.joined", targetType: "user", targetId: userId, metadata: { role: invitation.role } }
      : { action: "invitation.declined", targetType: "invitation", targetId: invitation.id },
  ]);
  return { organizationId, role: invitation.role };
}
