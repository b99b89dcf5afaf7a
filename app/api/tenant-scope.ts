// The only way features touch tenant data. Each transaction switches to the rusty_app role (subject to
// row-level security), sets the organization and user for the policies, confirms the caller's membership and
// role, and — for writes — records the audit events in the same transaction. Tenant scope and audit happen by
// construction, not by remembering.
import { AppError } from "../platform/errors/app-error.js";
import type { QueryResult } from "pg";
import type { Executor, Row } from "../platform/database/database.js";
import type { Actor, AppContext, Caller } from "../platform/http/app-state.js";
import { recordAuditEvents, type AuditEntry, type RequestOrigin } from "./audit-trail.js";
import { roleAtLeast, type Role } from "./roles.js";

export interface TenantTransaction extends Executor {
  actor: Actor & { role: Role };
}

export interface WriteOutcome<T> {
  result: T;
  audit: AuditEntry[];
}

/** Stale-tolerant read in the caller's organization (a replica unless this request already wrote). */
export function tenantRead<T>(ctx: AppContext, work: (tx: TenantTransaction) => Promise<T>): Promise<T> {
  return ctx.state.db.read(async (db, opening) => work(enterTenant(ctx, db, opening)), { opening: tenantOpening(ctx) });
}

/** Read that must see the latest writes, e.g. before a conditional update. */
export function tenantReadPrimary<T>(ctx: AppContext, work: (tx: TenantTransaction) => Promise<T>): Promise<T> {
  return ctx.state.db.readPrimary(async (db, opening) => work(enterTenant(ctx, db, opening)), {
    opening: tenantOpening(ctx),
  });
}

/** A change in the caller's organization, with its audit events, in one transaction on the primary. */
export async function tenantWrite<T>(
  ctx: AppContext,
  work: (tx: TenantTransaction) => Promise<WriteOutcome<T>>,
): Promise<T> {
  return ctx.state.db.transaction(
    async (db, opening) => {
      const tx = enterTenant(ctx, db, opening);
      const { result, audit } = await work(tx);
      await recordAuditEvents(db, auditOrigin(ctx, tx.actor.organizationId), audit);
      return result;
    },
    { opening: tenantOpening(ctx) },
  );
}

export function requestOrigin(ctx: AppContext): RequestOrigin {
  return { requestId: ctx.state.requestId, clientIp: ctx.ip };
}

function auditOrigin(ctx: AppContext, organizationId: string, actorId = ctx.state.caller?.userId ?? null) {
  return { organizationId, actorId, ...requestOrigin(ctx) };
}

/** Sets the row-level-security context of the current transaction. */
export async function setTenantContext(
  db: Executor,
  organizationId: string | null,
  userId: string | null,
): Promise<void> {
  await db.query(
    "SELECT set_config('role', 'rusty_app', true), set_config('app.organization_id', $1, true), set_config('app.user_id', $2, true)",
    [organizationId ?? "", userId ?? ""],
  );
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Sent with BEGIN in one round trip: the RLS context, then the caller's membership. The ids come from a verified
 * token and are checked to be UUIDs before they are embedded (the simple protocol takes no parameters).
 */
function tenantOpening(ctx: AppContext): string {
  const { organizationId, userId } = requireCaller(ctx);
  if (!uuid.test(organizationId) || !uuid.test(userId)) throw new AppError("unauthenticated");
  return (
    `SELECT set_config('role', 'rusty_app', true), set_config('app.organization_id', '${organizationId}', true), ` +
    `set_config('app.user_id', '${userId}', true); ` +
    `SELECT role FROM memberships WHERE organization_id = '${organizationId}' AND user_id = '${userId}'`
  );
}

function enterTenant(ctx: AppContext, db: Executor, opening: QueryResult | undefined): TenantTransaction {
  const caller = requireCaller(ctx);
  const role = (opening?.rows[0] as { role?: Role } | undefined)?.role;
  if (!role) throw new AppError("unauthenticated", { detail: "You are no longer a member of this organization." });
  const required = (ctx.state.requiredRole ?? "member") as Role;
  if (!roleAtLeast(role, required))
    throw new AppError("forbidden", { detail: `This action needs the ${required} role.` });
  const actor = { userId: caller.userId, organizationId: caller.organizationId, role };
  ctx.state.actor = actor;
  return { actor, query: <R extends Row = Row>(text: string, values?: unknown[]) => db.query<R>(text, values) };
}

export function requireCaller(ctx: AppContext): Caller {
  if (!ctx.state.caller) throw new AppError("unauthenticated");
  return ctx.state.caller;
}
