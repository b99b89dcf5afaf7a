// The only way features touch tenant data. Each transaction switches to the rusty_app role (subject to
// row-level security), sets the organization and user for the policies, confirms the caller's membership and
// role, and — for writes — records the audit events in the same transaction. Tenant scope and audit happen by
// construction, not by remembering.
import { AppError } from "../platform/errors/app-error.js";
import type { Executor, Row } from "../platform/database/database.js";
import type { Actor, AppContext, Caller } from "../platform/http/app-state.js";
import { recordAuditEvents, type AuditEntry } from "./audit-trail.js";
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
  return ctx.state.db.read(async (db) => work(await enterTenant(ctx, db)));
}

/** Read that must see the latest writes, e.g. before a conditional update. */
export function tenantReadPrimary<T>(ctx: AppContext, work: (tx: TenantTransaction) => Promise<T>): Promise<T> {
  return ctx.state.db.readPrimary(async (db) => work(await enterTenant(ctx, db)));
}

/** A change in the caller's organization, with its audit events, in one transaction on the primary. */
export async function tenantWrite<T>(ctx: AppContext, work: (tx: TenantTransaction) => Promise<WriteOutcome<T>>): Promise<T> {
  return ctx.state.db.transaction(async (db) => {
    const tx = await enterTenant(ctx, db);
    const { result, audit } = await work(tx);
    await recordAuditEvents(db, auditOrigin(ctx, tx.actor.organizationId), audit);
    return result;
  });
}

export function auditOrigin(ctx: AppContext, organizationId: string, actorId = ctx.state.caller?.userId ?? null) {
  return { organizationId, actorId, requestId: ctx.state.requestId, clientIp: ctx.ip };
}

/** Sets the row-level-security context of the current transaction. */
export async function setTenantContext(db: Executor, organizationId: string | null, userId: string | null): Promise<void> {
  await db.query(
    "SELECT set_config('role', 'rusty_app', true), set_config('app.organization_id', $1, true), set_config('app.user_id', $2, true)",
    [organizationId ?? "", userId ?? ""],
  );
}

async function enterTenant(ctx: AppContext, db: Executor): Promise<TenantTransaction> {
  const caller = requireCaller(ctx);
  await setTenantContext(db, caller.organizationId, caller.userId);
  const { rows } = await db.query<{ role: Role }>("SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2", [
    caller.organizationId,
    caller.userId,
  ]);
  const role = rows[0]?.role;
  if (!role) throw new AppError("unauthenticated", { detail: "You are no longer a member of this organization." });
  const required = (ctx.state.requiredRole ?? "member") as Role;
  if (!roleAtLeast(role, required)) throw new AppError("forbidden", { detail: `This action needs the ${required} role.` });
  const actor = { userId: caller.userId, organizationId: caller.organizationId, role };
  ctx.state.actor = actor;
  return { actor, query: <R extends Row = Row>(text: string, values?: unknown[]) => db.query<R>(text, values) };
}

export function requireCaller(ctx: AppContext): Caller {
  if (!ctx.state.caller) throw new AppError("unauthenticated");
  return ctx.state.caller;
}
