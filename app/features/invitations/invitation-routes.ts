// GET /me/invitations; POST /me/invitations/:organizationId/accept; DELETE /me/invitations/:organizationId.
import type { ApiContext } from "../../api/api-context.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import { presentInvitation } from "../accounts/people-presenters.js";
import { invitationList, invitationParams, joinedOrganization } from "./invitation-schemas.js";
import { answerMyInvitation, listMyInvitations } from "./invitation-service.js";

export function invitationRoutes(_api: ApiContext): RouteDefinition[] {
  return [
    defineRoute({
      method: "get",
      path: "/me/invitations",
      operationId: "listMyInvitations",
      tag: "me",
      summary: "Invitations addressed to your email, waiting for your answer",
      access: "member",
      transaction: "tenant-read-primary",
      responses: { 200: { description: "Pending invitations", schema: invitationList } },
      run: (tx) => listMyInvitations(tx),
      reply: (invitations) => ({ body: { items: invitations.map(presentInvitation) } }),
    }),
    defineRoute({
      method: "post",
      path: "/me/invitations/:organizationId/accept",
      operationId: "acceptInvitation",
      tag: "me",
      summary:
        "Accept an invitation: you become a member with the offered role (log in to that organization to act in it)",
      access: "member",
      transaction: "invitation",
      params: invitationParams,
      responses: {
        200: { description: "Joined", schema: joinedOrganization },
        404: { description: "No pending invitation from that organization" },
      },
      run: (tx, { params }) => answerMyInvitation(tx, params.organizationId, "accepted"),
    }),
    defineRoute({
      method: "delete",
      path: "/me/invitations/:organizationId",
      operationId: "declineInvitation",
      tag: "me",
      summary: "Decline an invitation",
      access: "member",
      transaction: "invitation",
      params: invitationParams,
      responses: {
        204: { description: "Declined" },
        404: { description: "No pending invitation from that organization" },
      },
      run: async (tx, { params }) => {
        await answerMyInvitation(tx, params.organizationId, "declined");
      },
    }),
  ];
}
