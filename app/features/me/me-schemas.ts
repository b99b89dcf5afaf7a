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

export const personalDataExport = z
  .object({
    exportedAt: z.string(),
    user: userView,
    sessions: z.array(
      z.object({
        organizationId: z.uuid(),
        createdAt: z.string(),
        expiresAt: z.string(),
        usedAt: z.string().nullable(),
        revokedAt: z.string().nullable(),
      }),
    ),
    organizations: z.array(
      z.object({
        organizationId: z.uuid(),
        name: z.string(),
        role: z.string(),
        joinedAt: z.string(),
        cases: z.array(z.record(z.string(), z.unknown())),
        tasks: z.array(z.record(z.string(), z.unknown())),
        auditEvents: z.array(z.record(z.string(), z.unknown())),
      }),
    ),
  })
  .openapi("PersonalDataExport");
