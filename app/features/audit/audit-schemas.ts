// The audit trail at the boundary: its filters and the events it shows.
import { z } from "../../api/openapi-zod.js";
import { pageOf, pageQuery } from "../../api/pagination.js";

export const listAuditEventsQuery = z
  .object({
    ...pageQuery,
    actorId: z.uuid().optional(),
    action: z.string().trim().min(1).max(100).optional().openapi({ example: "case.updated" }),
    targetType: z.string().trim().min(1).max(50).optional().openapi({ example: "case" }),
    targetId: z.uuid().optional(),
  })
  .strict();

export const auditEventView = z
  .object({
    id: z.uuid(),
    action: z.string(),
    actorId: z.uuid().nullable(),
    targetType: z.string(),
    targetId: z.uuid().nullable(),
    requestId: z.string().nullable(),
    clientIp: z.string().nullable(),
    metadata: z
      .record(z.string(), z.unknown())
      .openapi({ description: "Never personal data: field names, roles, statuses" }),
    occurredAt: z.string(),
  })
  .openapi("AuditEvent");

export const auditEventPage = pageOf(auditEventView, "AuditEventPage");

export type ListAuditEventsQuery = z.infer<typeof listAuditEventsQuery>;
