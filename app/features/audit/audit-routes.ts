// GET /audit-events: the organization's audit trail, for admins and owners.
import type { ApiContext } from "../../api/api-context.js";
import { presentPage } from "../../api/pagination.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import { presentAuditEvent } from "./audit-presenter.js";
import { auditEventPage, listAuditEventsQuery } from "./audit-schemas.js";
import { listEvents } from "./audit-service.js";

export function auditRoutes(_api: ApiContext): RouteDefinition[] {
  return [
    defineRoute({
      method: "get",
      path: "/audit-events",
      operationId: "listAuditEvents",
      tag: "audit",
      summary: "The organization's audit trail, newest first (cursor pagination, filter by actor, action, target)",
      access: "admin",
      transaction: "tenant-read",
      query: listAuditEventsQuery,
      responses: { 200: { description: "A page of audit events", schema: auditEventPage } },
      run: (tx, { query }) => listEvents(tx, query),
      reply: (events) => ({ body: presentPage(events, presentAuditEvent) }),
    }),
  ];
}
