// GET /organization, PATCH /organization (admin or owner).
import type { ApiContext } from "../../api/api-context.js";
import { z } from "../../api/openapi-zod.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import { tenantRead, tenantWrite } from "../../api/tenant-scope.js";
import { AppError } from "../../platform/errors/app-error.js";
import { findOrganization, presentOrganization, renameOrganization } from "../accounts/organization-repository.js";
import { organizationView } from "../auth/auth-schemas.js";

const updateOrganizationBody = z
  .object({ name: z.string().trim().min(1).max(200) })
  .strict()
  .openapi("UpdateOrganizationRequest");

export function organizationRoutes(_api: ApiContext): RouteDefinition[] {
  return [
    defineRoute({
      method: "get",
      path: "/organization",
      tag: "organization",
      summary: "The caller's organization",
      access: "member",
      responses: { 200: { description: "The organization", schema: organizationView } },
      async handle(ctx) {
        const organization = await tenantRead(ctx, (tx) => findOrganization(tx, tx.actor.organizationId));
        if (!organization) throw new AppError("not_found");
        ctx.body = presentOrganization(organization);
      },
    }),
    defineRoute({
      method: "patch",
      path: "/organization",
      tag: "organization",
      summary: "Rename the organization",
      access: "admin",
      body: updateOrganizationBody,
      responses: { 200: { description: "The updated organization", schema: organizationView } },
      async handle(ctx, { body }) {
        const organization = await tenantWrite(ctx, async (tx) => {
          const renamed = await renameOrganization(tx, tx.actor.organizationId, body.name);
          if (!renamed) throw new AppError("not_found");
          return {
            result: renamed,
            audit: [
              {
                action: "organization.updated",
                targetType: "organization",
                targetId: renamed.id,
                metadata: { fields: ["name"] },
              },
            ],
          };
        });
        ctx.body = presentOrganization(organization);
      },
    }),
  ];
}
