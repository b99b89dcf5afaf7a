import { z } from "../../api/openapi-zod.js";

export const email = z.email().max(254).openapi({ example: "ada@example.com" });
// NIST 800-63B: length over composition rules; the upper bound keeps hashing cost bounded.
export const password = z
  .string()
  .min(12, "must be at least 12 characters")
  .max(256)
  .openapi({ example: "correct horse battery staple" });
export const personName = z.string().trim().min(1).max(200);

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

const userView = z
  .object({ id: z.uuid(), email: z.string(), name: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .openapi("User");
const organizationView = z
  .object({ id: z.uuid(), name: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .openapi("Organization");

export const tokenPair = z
  .object({
    tokenType: z.literal("Bearer"),
    accessToken: z.string(),
    expiresIn: z.number().int().openapi({ description: "Access token lifetime in seconds" }),
    refreshToken: z.string(),
  })
  .openapi("TokenPair");

export const sessionView = tokenPair
  .extend({ user: userView, organization: organizationView, role: z.enum(["owner", "admin", "member"]) })
  .openapi("Session");

export { organizationView, userView };
