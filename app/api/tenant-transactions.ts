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

/** Stale-tolerant read: a replica unless this request already wrote (then the primary, to see its own write). */
export async function tenantRead<T>(
  scope: RequestScope,
  required: Role,
  work: (tx: TenantReadTransaction) => Promise<T>,
): Promise<T> {
  const onPrimary = scope.session.hasWritten;
  try {
    return await scope.session.read((db, opening) => work(readTransaction(scope, required, db, opening, onPrimary)), {
      opening: membershipOpening(requireCaller(scope.caller)),
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
  return scope.session.readPrimary((db, opening) => work(readTransaction(scope, required, db, opening, true)), {
    opening: membershipOpening(requireCaller(scope.caller)),
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
    (db, opening) => {
      afterCommit.newAttempt();
      const tenant = enterTenant(scope, required, db, opening);
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

function readTransaction(
  scope: RequestScope,
  required: Role,
  db: Executor,
  opening: QueryResult | undefined,
  onPrimary: boolean,
): TenantReadTransaction {
  return {
    ...enterTenant(scope, required, db, opening),
    requireLatest: async () => {
      if (!onPrimary) throw new LatestRequired("this read needs the primary");
    },
  };
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
