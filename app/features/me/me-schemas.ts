import { z } from "../../api/openapi-zod.js";
import { email, personName, userView } from "../auth/auth-schemas.js";

export const updateMeBody = z
  .object({ name: personName.optional(), email: email.optional() })
  .strict()
  .refine((body) => body.name !== undefined || body.email !== undefined, { message: "give name or email" })
  .openapi("UpdateMeRequest");

export const meView = z
  .object({ user: userView, organizationId: z.uuid(), role: z.enum(["owner", "admin", "member"]) })
  .openapi("Me");

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
    invitations: z.array(
      z.object({ organizationId: z.uuid(), organizationName: z.string(), role: z.string(), invitedAt: z.string() }),
    ),
    cases: records.openapi({ description: "Cases the person created or is assigned, in every organization" }),
    tasks: records.openapi({ description: "Tasks assigned to the person, in every organization" }),
    auditEvents: records.openapi({ description: "Audit events the person caused or that concern them" }),
  })
  .openapi("PersonalDataExport");
