// The doors for what a person does across organizations: answering an invitation (the membership and its audit
// row belong to the inviting organization) and erasure (every organization the person belongs to). They open
// like a tenant transaction — the caller's membership and the route's role are confirmed in the token's
// organization first — and then let the service act in another organization, always as the caller.
import type { QueryResult } from "pg";
import type { Executor, Row } from "../platform/database/database.js";
import { AfterCommit } from "./after-commit.js";
import { recordAuditEvent, type AuditEntry } from "./audit-trail.js";
import type { RequestScope } from "./request-scope.js";
import type { Role } from "./roles.js";
import { confirmMember, membershipOpening, requireCaller, setTenantContext, type Actor } from "./tenant-context.js";

export interface PersonTransaction extends Executor {
  readonly actor: Actor;
  /** For the statements that follow: act in this organization as the caller (row-level security and audit). */
  actIn(organizationId: string): Promise<void>;
  /** Records an audit event in the organization acted in, by the caller, in this transaction. */
  audit(entry: AuditEntry): Promise<void>;
  /** Runs once this transaction has committed (never if it rolls back). */
  afterCommit(task: () => Promise<void>): void;
}

/** Accepting or declining an invitation from another organization. */
export function invitationTransaction<T>(
  scope: RequestScope,
  required: Role,
  work: (tx: PersonTransaction) => Promise<T>,
): Promise<T> {
  return personTransaction(scope, required, { keepAddress: true }, work);
}

/** Erasing the caller: its audit rows keep no client address, since the address is personal data being erased. */
export function erasureTransaction<T>(
  scope: RequestScope,
  required: Role,
  work: (tx: PersonTransaction) => Promise<T>,
): Promise<T> {
  return personTransaction(scope, required, { keepAddress: false }, work);
}

async function personTransaction<T>(
  scope: RequestScope,
  required: Role,
  options: { keepAddress: boolean },
  work: (tx: PersonTransaction) => Promise<T>,
): Promise<T> {
  const caller = requireCaller(scope.caller);
  const origin = { requestId: scope.origin.requestId, clientIp: options.keepAddress ? scope.origin.clientIp : null };
  const afterCommit = new AfterCommit();
  const result = await scope.session.transaction(
    async (db, opening: Promise<QueryResult> | undefined) => {
      afterCommit.newAttempt();
      const actor = confirmMember(caller, await opening, required);
      let organizationId = actor.organizationId;
      return work({
        actor,
        query: <R extends Row = Row>(text: string, values?: unknown[]) => db.query<R>(text, values),
        actIn: async (organization) => {
          organizationId = organization;
          await setTenantContext(db, organization, actor.userId);
        },
        audit: (entry) => recordAuditEvent(db, { ...origin, organizationId, actorId: actor.userId }, entry),
        afterCommit: (task) => afterCommit.add(task),
      });
    },
    { opening: membershipOpening(caller) },
  );
  await afterCommit.run();
  return result;
}
