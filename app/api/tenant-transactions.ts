// The tenant doors: every transaction on an organization's data is opened here, by the router, for the caller's
// organization only. Each one switches to the rusty_app role (subject to row-level security), sets the
// organization and user for the policies, and confirms the caller's membership and the route's role before the
// service runs; a write records its audit events in the same transaction. Tenant scope, role and audit happen by
// construction, not by remembering. The other doors (signup, login, tokens, invitations, erasure) are in
// account-transactions.ts and person-transactions.ts.
import type { QueryResult } from "pg";
import type { Executor, Row } from "../platform/database/database.js";
import { AfterCommit } from "./after-commit.js";
import { recordAuditEvent, type AuditEntry } from "./audit-trail.js";
import type { RequestScope } from "./request-scope.js";
import type { Role } from "./roles.js";
import { confirmMember, membershipOpening, requireCaller, type Actor } from "./tenant-context.js";
import type { Caller } from "../platform/http/app-state.js";

export type { Actor } from "./tenant-context.js";

/** A transaction in the caller's organization, membership and role confirmed. */
export interface TenantTransaction extends Executor {
  readonly actor: Actor;
}

export interface TenantReadTransaction extends TenantTransaction {
  /**
   * For a read that must see the latest writes (e.g. figures about to be cached). On a replica it abandons this
   * attempt, and the door runs the whole read again on the primary; on the primary it returns at once.
   */
  requireLatest(): Promise<void>;
}

export interface TenantWriteTransaction extends TenantTransaction {
  /** Records an audit event in the caller's organization, by the caller, in this transaction. */
  audit(entry: AuditEntry): Promise<void>;
  /** Runs once this transaction has committed (never if it rolls back), e.g. to retire a cached view. */
  afterCommit(task: () => Promise<void>): void;
}

/** Told, after a write committed, that an organization's data changed. */
export type ChangeListener = (organizationId: string) => Promise<void>;

class LatestRequired extends Error {}

/**
 * Stale-tolerant read: a replica unless this request already wrote (then the primary, to see its own write).
 * Reads are pipelined (decision 0100): the service's statements follow the opening (RLS context and membership)
 * without waiting for it, and no result reaches the service before the membership and role are confirmed.
 */
export async function tenantRead<T>(
  scope: RequestScope,
  required: Role,
  work: (tx: TenantReadTransaction) => Promise<T>,
): Promise<T> {
  const onPrimary = scope.session.hasWritten;
  const caller = requireCaller(scope.caller);
  try {
    return await scope.session.read((db, opening) => pipelinedRead(caller, required, db, opening, onPrimary, work), {
      opening: membershipOpening(caller),
      pipelineWork: true,
    });
  } catch (error) {
    if (!(error instanceof LatestRequired)) throw error;
    return tenantReadPrimary(scope, required, work);
  }
}

/** A read that must see the latest writes, on the primary. */
export function tenantReadPrimary<T>(
  scope: RequestScope,
  required: Role,
  work: (tx: TenantReadTransaction) => Promise<T>,
): Promise<T> {
  const caller = requireCaller(scope.caller);
  return scope.session.readPrimary((db, opening) => pipelinedRead(caller, required, db, opening, true, work), {
    opening: membershipOpening(caller),
    pipelineWork: true,
  });
}

/** A change in the caller's organization, with its audit events, in one transaction on the primary. */
export async function tenantWrite<T>(
  scope: RequestScope,
  required: Role,
  work: (tx: TenantWriteTransaction) => Promise<T>,
): Promise<T> {
  const afterCommit = new AfterCommit();
  const result = await scope.session.transaction(
    async (db, opening) => {
      afterCommit.newAttempt();
      const tenant = enterTenant(scope, required, db, await opening);
      const { actor } = tenant;
      const origin = { ...scope.origin, organizationId: actor.organizationId, actorId: actor.userId };
      return work({
        ...tenant,
        audit: (entry) => recordAuditEvent(db, origin, entry),
        afterCommit: (task) => afterCommit.add(task),
      });
    },
    { opening: membershipOpening(requireCaller(scope.caller)) },
  );
  await afterCommit.run();
  return result;
}

/**
 * The service runs while the opening is on its way. Every statement it sends is answered only once the membership
 * is confirmed, the role is readable only then, and a service that sent nothing still waits for it: a caller who
 * is not a member (or is below the route's role) gets the error and never a result.
 */
async function pipelinedRead<T>(
  caller: Caller,
  required: Role,
  db: Executor,
  opening: Promise<QueryResult> | undefined,
  onPrimary: boolean,
  work: (tx: TenantReadTransaction) => Promise<T>,
): Promise<T> {
  let confirmedRole: Role | undefined;
  const confirmed = (opening ?? Promise.resolve(undefined)).then((result) => {
    confirmedRole = confirmMember(caller, result, required).role;
  });
  confirmed.catch(() => undefined);
  const actor: Actor = {
    userId: caller.userId,
    organizationId: caller.organizationId,
    get role(): Role {
      if (!confirmedRole) throw new Error("tx.actor.role is known once a statement of the transaction has answered");
      return confirmedRole;
    },
  };
  const result = await work({
    actor,
    query: async <R extends Row = Row>(text: string, values?: unknown[]) => {
      const answer = db.query<R>(text, values);
      answer.catch(() => undefined);
      await confirmed;
      return answer;
    },
    requireLatest: async () => {
      await confirmed;
      if (!onPrimary) throw new LatestRequired("this read needs the primary");
    },
  });
  await confirmed;
  return result;
}

function enterTenant(
  scope: RequestScope,
  required: Role,
  db: Executor,
  opening: QueryResult | undefined,
): TenantTransaction {
  const actor = confirmMember(requireCaller(scope.caller), opening, required);
  return { actor, query: <R extends Row = Row>(text: string, values?: unknown[]) => db.query<R>(text, values) };
}
