// GET/PATCH/DELETE /me and GET /me/export: the caller's own data and privacy rights.
import type { ApiContext } from "../../api/api-context.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import { presentUser } from "../accounts/people-presenters.js";
import { userView } from "../accounts/people-schemas.js";
import { meView, personalDataExport, updateMeBody } from "./me-schemas.js";
import { describeMe, eraseMe, exportPersonalData, updateMe } from "./me-service.js";

export function meRoutes(_api: ApiContext): RouteDefinition[] {
  return [
    defineRoute({
      method: "get",
      path: "/me",
      operationId: "getMe",
      tag: "me",
      summary: "The caller's account, organization and role",
      access: "member",
      transaction: "tenant-read-primary",
      responses: { 200: { description: "Who you are", schema: meView } },
      run: (tx) => describeMe(tx),
      reply: (me) => ({ body: { ...me, user: presentUser(me.user) } }),
    }),
    defineRoute({
      method: "patch",
      path: "/me",
      operationId: "updateMe",
      tag: "me",
      summary: "Correct your name or email",
      access: "member",
      transaction: "tenant-write",
      body: updateMeBody,
      responses: { 200: { description: "Updated", schema: userView }, 409: { description: "Email in use" } },
      run: (tx, { body }) => updateMe(tx, body),
      reply: (user) => ({ body: presentUser(user) }),
    }),
    defineRoute({
      method: "get",
      path: "/me/export",
      operationId: "exportMyData",
      tag: "me",
      summary: "Everything the API holds about you, as JSON (right of access and portability)",
      access: "member",
      transaction: "tenant-read-primary",
      responses: { 200: { description: "Your personal data", schema: personalDataExport } },
      run: (tx) => exportPersonalData(tx),
      reply: (data) => ({
        body: data,
        headers: {
          "Content-Disposition": 'attachment; filename="rusty-saas-export.json"',
          "Cache-Control": "no-store",
        },
      }),
    }),
    defineRoute({
      method: "delete",
      path: "/me",
      operationId: "eraseMe",
      tag: "me",
      summary: "Erase your account (right to erasure)",
      description:
        "Refused with 409 while you are the last owner of an organization with other members: hand it over first.",
      access: "member",
      transaction: "erasure",
      responses: { 204: { description: "Erased" }, 409: { description: "Last owner of an organization" } },
      run: (tx) => eraseMe(tx),
    }),
  ];
}
