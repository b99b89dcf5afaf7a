// The invitee's side of invitations at the boundary; the invitation view is a people view.
import { z } from "../../api/openapi-zod.js";
import { roleSchema } from "../../api/roles.js";
import { invitationView } from "../accounts/people-schemas.js";

export const invitationParams = z.object({ organizationId: z.uuid() }).strict();
export const invitationList = z.object({ items: z.array(invitationView) });
export const joinedOrganization = z
  .object({ organizationId: z.uuid(), role: roleSchema })
  .openapi("JoinedOrganization");
