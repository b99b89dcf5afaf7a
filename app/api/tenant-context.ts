// The row-level-security context of a transaction and the membership check every authenticated transaction
// starts with. Internal to the transactions in app/api/ (lint keeps features out): a service never sets the
// context itself, it asks its transaction to act somewhere (`actAs`, `actIn`), and the transaction does it here.
import type { QueryResult } from "pg";
import type { Executor, Statement } from "../platform/database/database.js";
import { AppError } from "../platform/errors/app-error.js";
import type { Caller } from "../platform/http/app-state.js";
import { roleAtLeast, type Role } from "./roles.js";

/** The caller once their membership and role are confirmed inside the transaction. */
export interface Actor {
  userId: string;
  organizationId: string;
  role: Role;
}

const contextStatement =
  "SELECT set_config('role', 'rusty_app', true), set_config('app.organization_id', $1, true), set_config('app.user_id', $2, true)";

/** Sets the row-level-security context of the current transaction: which organization, as which user. */
export async function setTenantContext(
  db: Executor,
  organizationId: string | null,
  userId: string | null,
): Promise<void> {
  await db.query(contextStatement, [organizationId ?? "", userId ?? ""]);
}

/** The anonymous context: under rusty_app, no organization, no user. */
export const anonymousOpening: readonly Statement[] = [{ text: contextStatement, values: ["", ""] }];

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requireCaller(caller: Caller | undefined): Caller {
  if (!caller) throw new AppError("unauthenticated");
  return caller;
}

/**
 * Sent with BEGIN in one round trip: the RLS context, then the caller's membership. The ids come from a verified
 * token; one that is not a UUID is refused here as unauthenticated rather than failing in PostgreSQL as a 500.
 */
export function membershipOpening(caller: Caller): readonly Statement[] {
  const { organizationId, userId } = caller;
  if (!uuid.test(organizationId) || !uuid.test(userId)) throw new AppError("unauthenticated");
  return [
    { text: contextStatement, values: [organizationId, userId] },
    {
      text: "SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2",
      values: [organizationId, userId],
    },
  ];
}

/**
 * The role check of every authenticated route, made before its service runs: a caller who is no longer a member
 * is unauthenticated at once (not when the token expires), and one below the route's role is forbidden.
 */
export function confirmMember(caller: Caller, opening: QueryResult | undefined, required: Role): Actor {
  const role = (opening?.rows[0] as { role?: Role } | undefined)?.role;
  if (!role) throw new AppError("unauthenticated", { detail: "You are no longer a member of this organization." });
  if (!roleAtLeast(role, required))
    throw new AppError("forbidden", { detail: `This action needs the ${required} role.` });
  return { userId: caller.userId, organizationId: caller.organizationId, role };
}
