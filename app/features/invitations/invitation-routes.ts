// GET /me/invitations; POST /me/invitations/:organizationId/accept; DELETE /me/invitations/:organizationId.
import type { ApiContext } from "../../api/api-context.js";
import { z } from "../../api/openapi-zod.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import { requestOrigin, tenantReadPrimary, tenantWrite } from "../../api/tenant-scope.js";
import { answerMyInvitation, listMyInvitations } from "./invitation-service.js";

const invitationParams = z.object({ organizationId: z.uuid() }).strict();
const role = z.enum(["owner", "admin", "member"]);
const invitationView = z
  .object({ organizationId: z.uuid(), organizationName: z.string(), role, invitedAt: z.string() })
  .openapi("Invitation");
const joined = z.object({ organizationId: z.uuid(), role }).openapi("JoinedOrganization");

export function invitationRoutes(_api: ApiContext): RouteDefinition[] {
  return [
    defineRoute({
      method: "get",
      path: "/me/invitations",
      tag: "me",
      summary: "Invitations addressed to your email, waiting for your answer",
      access: "member",
      responses: { 200: { description: "Pending invitations", schema: z.object({ items: z.array(invitationView) }) } },
      async handle(ctx) {
        ctx.body = await tenantReadPrimary(ctx, listMyInvitations);
      },
    }),
    defineRoute({
      method: "post",
      path: "/me/invitations/:organizationId/accept",
      tag: "me",
      summary:
        "Accept an invitation: you become a member with the offered role (log in to that organization to act in it)",
      access: "member",
      params: invitationParams,
      responses: {
        200: { description: "Joined", schema: joined },
        404: { description: "No pending invitation from that organization" },
      },
      async handle(ctx, { params }) {
        // The audit row belongs to the inviting organization: the service writes it there.
        ctx.body = await tenantWrite(ctx, async (tx) => ({
          result: await answerMyInvitation(tx, params.organizationId, "accepted", requestOrigin(ctx)),
          audit: [],
        }));
      },
    }),
    defineRoute({
      method: "delete",
      path: "/me/invitations/:organizationId",
      tag: "me",
      summary: "Decline an invitation",
      access: "member",
      params: invitationParams,
      responses: {
        204: { description: "Declined" },
        404: { description: "No pending invitation from that organization" },
      },
      async handle(ctx, { params }) {
        await tenantWrite(ctx, async (tx) => ({
          result: await answerMyInvitation(tx, params.organizationId, "declined", requestOrigin(ctx)),
          audit: [],
        }));
        ctx.status = 204;
      },
    }),
  ];
}
