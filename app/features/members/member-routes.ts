// GET /members; POST /members (admin+: invite); PATCH /members/:userId (admin+); DELETE /members/:userId (admin+, or
// anyone leaving the organization themselves).
import type { ApiContext } from "../../api/api-context.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import { presentMember } from "../accounts/people-presenters.js";
import { memberView } from "../accounts/people-schemas.js";
import { changeRoleBody, invitationReceipt, inviteMemberBody, memberList, memberParams } from "./member-schemas.js";
import { changeRole, inviteMember, listMembers, removeMember } from "./member-service.js";

export function memberRoutes(_api: ApiContext): RouteDefinition[] {
  return [
    defineRoute({
      method: "get",
      path: "/members",
      operationId: "listMembers",
      tag: "members",
      summary: "Members of the organization with their roles",
      access: "member",
      transaction: "tenant-read",
      responses: { 200: { description: "Members", schema: memberList } },
      run: (tx) => listMembers(tx),
      reply: (members) => ({ body: { items: members.map(presentMember) } }),
    }),
    defineRoute({
      method: "post",
      path: "/members",
      operationId: "inviteMember",
      tag: "members",
      summary: "Invite someone, by email, with a role (only an owner can invite an owner)",
      description:
        "The person joins by accepting (POST /me/invitations/{organizationId}/accept). The answer is the same whether or not an account uses the email.",
      access: "admin",
      transaction: "tenant-write",
      body: inviteMemberBody,
      responses: {
        202: { description: "Invitation recorded", schema: invitationReceipt },
        409: { description: "Already a member" },
      },
      run: (tx, { body }) => inviteMember(tx, body.email, body.role),
    }),
    defineRoute({
      method: "patch",
      path: "/members/:userId",
      operationId: "changeMemberRole",
      tag: "members",
      summary: "Change a member's role (an admin can't touch an owner; the last owner can't be demoted)",
      access: "admin",
      transaction: "tenant-write",
      params: memberParams,
      body: changeRoleBody,
      responses: { 200: { description: "Updated", schema: memberView }, 409: { description: "Would leave no owner" } },
      run: (tx, { params, body }) => changeRole(tx, params.userId, body.role),
      reply: (member) => ({ body: presentMember(member) }),
    }),
    defineRoute({
      method: "delete",
      path: "/members/:userId",
      operationId: "removeMember",
      tag: "members",
      summary: "Remove a member (admin+), or leave the organization yourself",
      description:
        "Any member may remove themselves; removing someone else needs the admin role, and only an owner can remove an owner.",
      access: "member",
      transaction: "tenant-write",
      params: memberParams,
      responses: { 204: { description: "Removed" }, 409: { description: "Would leave no owner" } },
      run: (tx, { params }) => removeMember(tx, params.userId),
    }),
  ];
}
