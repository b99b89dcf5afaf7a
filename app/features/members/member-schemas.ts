// Members at the boundary (strict: unknown fields are refused). The member view itself is a people view
// (accounts/people-schemas.ts).
import { z } from "../../api/openapi-zod.js";
import { roleSchema } from "../../api/roles.js";
import { email, memberView } from "../accounts/people-schemas.js";

export const memberList = z.object({ items: z.array(memberView) }).openapi("MemberList");
export const inviteMemberBody = z.object({ email, role: roleSchema }).strict().openapi("InviteMemberRequest");
export const invitationReceipt = z
  .object({ email: z.string(), role: roleSchema, status: z.literal("invited") })
  .openapi("InvitationReceipt");
export const changeRoleBody = z.object({ role: roleSchema }).strict().openapi("ChangeRoleRequest");
export const memberParams = z.object({ userId: z.uuid() }).strict();
