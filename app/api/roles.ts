// Organization roles, ordered: an owner can do what an admin can, an admin what a member can.
export const roles = ["member", "admin", "owner"] as const;
export type Role = (typeof roles)[number];

export function roleAtLeast(role: Role, required: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(required);
}
