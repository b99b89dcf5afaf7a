// GET /members; POST /members (admin+); PATCH /members/:userId (admin+); DELETE /members/:userId (admin+, or
// anyone leaving the organization themselves).
import type { ApiContext } from "../../api/api-context.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import { tenantRead, tenantWrite } from "../../api/tenant-scope.js";
import { listMembers, presentMember } from "../accounts/membership-repository.js";
import { addMemberBody, changeRoleBody, memberList, memberParams, memberView } from "./member-schemas.js";
import { addMember, changeRole, removeMember } from "./member-service.js";

export function memberRoutes(_api: ApiContext): RouteDefinition[] {
  return [
    defineRoute({
      method: "get",
      path: "/members",
      tag: "members",
      summary: "Members of the organization with their roles",
      access: "member",
      responses: { 200: { description: "Members", schema: memberList } },
      async handle(ctx) {
        const members = await tenantRead(ctx, (tx) => listMembers(tx, tx.actor.organizationId));
        ctx.body = { items: members.map(presentMember) };
      },
    }),
    defineRoute({
      method: "post",
      path: "/members",
      tag: "members",
      summary: "Add an existing account, by email, with a role (only an owner can add an owner)",
      access: "admin",
      body: addMemberBody,
      responses: {
        201: { description: "Added", schema: memberView },
        404: { description: "No account with this email" },
        409: { description: "Already a member" },
      },
      async handle(ctx, { body }) {
        const member = await tenantWrite(ctx, (tx) => addMember(tx, body.email, body.role));
        ctx.status = 201;
        ctx.body = presentMember(member);
      },
    }),
    defineRoute({
      method: "patch",
      path: "/members/:userId",
      tag: "members",
      summary: "Change a member's role (an admin can't touch an owner; the last owner can't be demoted)",
      access: "admin",
      params: memberParams,
      body: changeRoleBody,
      responses: { 200: { description: "Updated", schema: memberView }, 409: { description: "Would leave no owner" } },
      async handle(ctx, { params, body }) {
        ctx.body = presentMember(await tenantWrite(ctx, (tx) => changeRole(tx, params.userId, body.role)));
      },
    }),
    defineRoute({
      method: "delete",
      path: "/members/:userId",
      tag: "members",
      summary: "Remove a member (admin+), or leave the organization yourself",
      description:
        "Any member may remove themselves; removing someone else needs the admin role, and only an owner can remove an owner.",
      access: "member",
      params: memberParams,
      responses: { 204: { description: "Removed" }, 409: { description: "Would leave no owner" } },
      async handle(ctx, { params }) {
        await tenantWrite(ctx, (tx) => removeMember(tx, params.userId));
        ctx.status = 204;
      },
    }),
  ];
}
