// GET /organization, PATCH /organization (admin or owner).
import type { ApiContext } from "../../api/api-context.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import { presentOrganization } from "../accounts/people-presenters.js";
import { organizationView } from "../accounts/people-schemas.js";
import { updateOrganizationBody } from "./organization-schemas.js";
import { getOrganization, renameOrganization } from "./organization-service.js";

export function organizationRoutes(_api: ApiContext): RouteDefinition[] {
  return [
    defineRoute({
      method: "get",
      path: "/organization",
      operationId: "getOrganization",
      tag: "organization",
      summary: "The caller's organization",
      access: "member",
      transaction: "tenant-read",
      responses: { 200: { description: "The organization", schema: organizationView } },
      run: (tx) => getOrganization(tx),
      reply: (organization) => ({ body: presentOrganization(organization) }),
    }),
    defineRoute({
      method: "patch",
      path: "/organization",
      operationId: "updateOrganization",
      tag: "organization",
      summary: "Rename the organization",
      access: "admin",
      transaction: "tenant-write",
      body: updateOrganizationBody,
      responses: { 200: { description: "The updated organization", schema: organizationView } },
      run: (tx, { body }) => renameOrganization(tx, body),
      reply: (organization) => ({ body: presentOrganization(organization) }),
    }),
  ];
}
