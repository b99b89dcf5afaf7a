import { z } from "../../api/openapi-zod.js";
import { roles } from "../../api/roles.js";
import { email } from "../auth/auth-schemas.js";

export const role = z.enum(roles);
export const memberView = z
  .object({ userId: z.uuid(), email: z.string(), name: z.string(), role, joinedAt: z.string() })
  .openapi("Member");
export const memberList = z.object({ items: z.array(memberView) }).openapi("MemberList");
export const inviteMemberBody = z.object({ email, role }).strict().openapi("InviteMemberRequest");
export const invitationReceipt = z
  .object({ email: z.string(), role, status: z.literal("invited") })
  .openapi("InvitationReceipt");
export const changeRoleBody = z.object({ role }).strict().openapi("ChangeRoleRequest");
export const memberParams = z.object({ userId: z.uuid() }).strict();
