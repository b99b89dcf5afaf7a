// GET /audit-events: the organization's audit trail, for admins and owners.
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import { auditEventPage, listAuditEventsQuery } from "./audit-schemas.js";
import { listEvents } from "./audit-service.js";

export function auditRoutes(): RouteDefinition[] {
  return [
    defineRoute({
      method: "get",
      path: "/audit-events",
      tag: "audit",
      summary: "The organization's audit trail, newest first (cursor pagination, filter by actor, action, target)",
      access: "admin",
      query: listAuditEventsQuery,
      responses: { 200: { description: "A page of audit events", schema: auditEventPage } },
      async handle(ctx, { query }) {
        ctx.body = await listEvents(ctx, query);
      },
    }),
  ];
}
