import { z } from "../../api/openapi-zod.js";

export const listAuditEventsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional().openapi({ description: "nextCursor of the previous page" }),
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

export const auditEventPage = z
  .object({ items: z.array(auditEventView), nextCursor: z.string().nullable() })
  .openapi("AuditEventPage");

export type ListAuditEventsQuery = z.infer<typeof listAuditEventsQuery>;
