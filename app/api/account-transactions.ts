// The doors before there is a caller: signup, login and refresh-token (refresh and logout). They open on the
// primary under rusty_app with no organization and no user, so row-level security hides every tenant's rows; the
// service then says whom it acts as (`actAs`) once it knows — the new account, the person whose password matched,
// the holder of the refresh token — and audit events land in that organization, attributed to that user.
import type { Executor, Row } from "../platform/database/database.js";
import { AfterCommit } from "./after-commit.js";
import { recordAuditEvent, type AuditEntry } from "./audit-trail.js";
import type { RequestScope } from "./request-scope.js";
import { anonymousOpening, setTenantContext } from "./tenant-context.js";

export interface AccountTransaction extends Executor {
  /** For the statements that follow: act in this organization as this user (row-level security and audit). */
  actAs(organizationId: string | null, userId: string | null): Promise<void>;
  /** Records an audit event in the organization acted in, by the user acted as, in this transaction. */
  audit(entry: AuditEntry): Promise<void>;
  /** Runs once this transaction has committed (never if it rolls back), e.g. to count a signup. */
  afterCommit(task: () => Promise<void>): void;
}

/** Creating an account and its organization. */
export const signupTransaction = accountTransaction;
/** Checking a password and starting a session. */
export const loginTransaction = accountTransaction;
/** Rotating or revoking a refresh token, found by its hash. */
export const refreshTokenTransaction = accountTransaction;

async function accountTransaction<T>(scope: RequestScope, work: (tx: AccountTransaction) => Promise<T>): Promise<T> {
  const afterCommit = new AfterCommit();
  const result = await scope.session.transaction(
    (db) => {
      afterCommit.newAttempt();
      let organizationId: string | null = null;
      let userId: string | null = null;
      return work({
        query: <R extends Row = Row>(text: string, values?: unknown[]) => db.query<R>(text, values),
        actAs: async (organization, user) => {
          [organizationId, userId] = [organization, user];
          await setTenantContext(db, organization, user);
        },
        audit: async (entry) => {
          if (organizationId === null) throw new Error("an audit event needs an organization: actAs first");
          await recordAuditEvent(db, { ...scope.origin, organizationId, actorId: userId }, entry);
        },
        afterCommit: (task) => afterCommit.add(task),
      });
    },
    { opening: anonymousOpening },
  );
  await afterCommit.run();
  return result;
}
