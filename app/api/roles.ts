// Organization roles, ordered: an owner can do what an admin can, an admin what a member can. The one declaration
// of the role enum: routes validate and document roles with `roleSchema`, repositories type them with `Role`.
import { z } from "./openapi-zod.js";

export const roles = ["member", "admin", "owner"] as const;
export type Role = (typeof roles)[number];

export const roleSchema = z.enum(roles);

export function roleAtLeast(role: Role, required: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(required);
}
