// The caller's own account at the boundary: correcting it, and what the export holds.
import { z } from "../../api/openapi-zod.js";
import { roleSchema } from "../../api/roles.js";
import { email, invitationView, personName, userView } from "../accounts/people-schemas.js";

export const updateMeBody = z
  .object({ name: personName.optional(), email: email.optional() })
  .strict()
  .refine((body) => body.name !== undefined || body.email !== undefined, { message: "give name or email" })
  .openapi("UpdateMeRequest");

export const meView = z.object({ user: userView, organizationId: z.uuid(), role: roleSchema }).openapi("Me");

const records = z.array(z.record(z.string(), z.unknown()));

export const personalDataExport = z
  .object({
    exportedAt: z.string(),
    user: userView,
    memberships: z.array(
      z.object({ organizationId: z.uuid(), name: z.string(), role: z.string(), joinedAt: z.string() }),
    ),
    sessions: z.array(
      z.object({
        organizationId: z.uuid(),
        createdAt: z.string(),
        expiresAt: z.string(),
        usedAt: z.string().nullable(),
        revokedAt: z.string().nullable(),
      }),
    ),
    invitations: z.array(invitationView),
    cases: records.openapi({ description: "Cases the person created or is assigned, in every organization" }),
    tasks: records.openapi({ description: "Tasks assigned to the person, in every organization" }),
    auditEvents: records.openapi({ description: "Audit events the person caused or that concern them" }),
  })
  .openapi("PersonalDataExport");

export type UpdateMeInput = z.infer<typeof updateMeBody>;
