// Signing up, logging in and refreshing at the boundary (strict: unknown fields are refused).
import { z } from "../../api/openapi-zod.js";
import { roleSchema } from "../../api/roles.js";
import { email, organizationView, personName, userView } from "../accounts/people-schemas.js";

// NIST 800-63B: length over composition rules; the upper bound keeps hashing cost bounded.
const password = z
  .string()
  .min(12, "must be at least 12 characters")
  .max(256)
  .openapi({ example: "correct horse battery staple" });

export const signupBody = z
  .object({ email, password, name: personName, organizationName: z.string().trim().min(1).max(200) })
  .strict()
  .openapi("SignupRequest");

export const loginBody = z
  .object({ email, password: z.string().min(1).max(256), organizationId: z.uuid().optional() })
  .strict()
  .openapi("LoginRequest");

export const refreshBody = z
  .object({ refreshToken: z.string().min(1).max(200) })
  .strict()
  .openapi("RefreshRequest");

export const tokenPair = z
  .object({
    tokenType: z.literal("Bearer"),
    accessToken: z.string(),
    expiresIn: z.number().int().openapi({ description: "Access token lifetime in seconds" }),
    refreshToken: z.string(),
  })
  .openapi("TokenPair");

export const sessionView = tokenPair
  .extend({ user: userView, organization: organizationView, role: roleSchema })
  .openapi("Session");

export type SignupInput = z.infer<typeof signupBody>;
export type LoginInput = z.infer<typeof loginBody>;
