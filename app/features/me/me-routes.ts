// GET/PATCH/DELETE /me and GET /me/export: the caller's own data and privacy rights.
import type { ApiContext } from "../../api/api-context.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import { tenantReadPrimary, tenantWrite } from "../../api/tenant-scope.js";
import { userView } from "../auth/auth-schemas.js";
import { meView, personalDataExport, updateMeBody } from "./me-schemas.js";
import { describeMe, eraseMe, exportPersonalData, updateMe } from "./me-service.js";

export function meRoutes(_api: ApiContext): RouteDefinition[] {
  return [
    defineRoute({
      method: "get",
      path: "/me",
      tag: "me",
      summary: "The caller's account, organization and role",
      access: "member",
      responses: { 200: { description: "Who you are", schema: meView } },
      async handle(ctx) {
        ctx.body = await tenantReadPrimary(ctx, describeMe);
      },
    }),
    defineRoute({
      method: "patch",
      path: "/me",
      tag: "me",
      summary: "Correct your name or email",
      access: "member",
      body: updateMeBody,
      responses: { 200: { description: "Updated", schema: userView }, 409: { description: "Email in use" } },
      async handle(ctx, { body }) {
        ctx.body = await tenantWrite(ctx, (tx) => updateMe(tx, body));
      },
    }),
    defineRoute({
      method: "get",
      path: "/me/export",
      tag: "me",
      summary: "Everything the API holds about you, as JSON (right of access and portability)",
      access: "member",
      responses: { 200: { description: "Your personal data", schema: personalDataExport } },
      async handle(ctx) {
        ctx.set("Content-Disposition", 'attachment; filename="rusty-saas-export.json"');
        ctx.set("Cache-Control", "no-store");
        ctx.body = await tenantReadPrimary(ctx, exportPersonalData);
      },
    }),
    defineRoute({
      method: "delete",
      path: "/me",
      tag: "me",
      summary: "Erase your account (right to erasure)",
      description:
        "Refused with 409 while you are the last owner of an organization with other members: hand it over first.",
      access: "member",
      responses: { 204: { description: "Erased" }, 409: { description: "Last owner of an organization" } },
      async handle(ctx) {
        // Erasure writes its own audit rows, without the client address it is erasing.
        await tenantWrite(ctx, async (tx) => ({ result: await eraseMe(tx, ctx.state.requestId), audit: [] }));
        ctx.status = 204;
      },
    }),
  ];
}
