// How people and organizations appear at the boundary, declared once for every feature that shows them: the
// account (User), the organization, a member, an invitation; and the email and name fields requests carry.
import { z } from "../../api/openapi-zod.js";
import { roleSchema } from "../../api/roles.js";

export const email = z.email().max(254).openapi({ example: "ada@example.com" });
export const personName = z.string().trim().min(1).max(200);

export const userView = z
  .object({ id: z.uuid(), email: z.string(), name: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .openapi("User");

export const organizationView = z
  .object({ id: z.uuid(), name: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .openapi("Organization");

export const memberView = z
  .object({ userId: z.uuid(), email: z.string(), name: z.string(), role: roleSchema, joinedAt: z.string() })
  .openapi("Member");

export const invitationView = z
  .object({ organizationId: z.uuid(), organizationName: z.string(), role: roleSchema, invitedAt: z.string() })
  .openapi("Invitation");
