// Account records as the API shows them (the schemas are in people-schemas.ts): camelCase, ISO timestamps, and
// never a password hash.
import type { InvitationRecord } from "./invitation-repository.js";
import type { MemberRecord } from "./membership-repository.js";
import type { OrganizationRecord } from "./organization-repository.js";
import type { UserRecord } from "./user-repository.js";

export function presentUser(user: UserRecord) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    createdAt: user.created_at.toISOString(),
    updatedAt: user.updated_at.toISOString(),
  };
}

export function presentOrganization(organization: OrganizationRecord) {
  return {
    id: organization.id,
    name: organization.name,
    createdAt: organization.created_at.toISOString(),
    updatedAt: organization.updated_at.toISOString(),
  };
}

export function presentMember(member: MemberRecord) {
  return {
    userId: member.user_id,
    email: member.email,
    name: member.name,
    role: member.role,
    joinedAt: member.created_at.toISOString(),
  };
}

export function presentInvitation(invitation: InvitationRecord) {
  return {
    organizationId: invitation.organization_id,
    organizationName: invitation.organization_name,
    role: invitation.role,
    invitedAt: invitation.created_at.toISOString(),
  };
}
