// The organization at the boundary; its view is a people view (accounts/people-schemas.ts).
import { z } from "../../api/openapi-zod.js";

export const updateOrganizationBody = z
  .object({ name: z.string().trim().min(1).max(200) })
  .strict()
  .openapi("UpdateOrganizationRequest");

export type UpdateOrganizationInput = z.infer<typeof updateOrganizationBody>;
