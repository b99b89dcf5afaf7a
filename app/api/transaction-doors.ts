// The only doors to the database for a route: the router opens the route's declared transaction and hands it to
// the service. Tenant doors work in the caller's organization; account doors open before there is a caller;
// person doors start as the caller and may act in the caller's other organizations. Adding a door means adding a
// row here, to the route-table test's list, and to docs/architecture.md.
import type { Access, TransactionKind, Transactions } from "./route-definition.js";
import type { RequestScope } from "./request-scope.js";
import type { Role } from "./roles.js";
import { loginTransaction, refreshTokenTransaction, signupTransaction } from "./account-transactions.js";
import { erasureTransaction, invitationTransaction } from "./person-transactions.js";
import { tenantRead, tenantReadPrimary, tenantWrite } from "./tenant-transactions.js";

export interface Door<Tx> {
  /** Whether the door's transaction may change data. */
  mode: "read" | "write" | "none";
  /** Whose rows it opens on: the caller's organization, no one yet (account), or the caller across organizations. */
  scope: "tenant" | "account" | "person" | "none";
  open<R>(scope: RequestScope, access: Access, work: (tx: Tx) => Promise<R>): Promise<R>;
}

export const transactionDoors: { [K in TransactionKind]: Door<Transactions[K]> } = {
  "tenant-read": {
    mode: "read",
    scope: "tenant",
    open: (scope, access, work) => tenantRead(scope, role(access), work),
  },
  "tenant-read-primary": {
    mode: "read",
    scope: "tenant",
    open: (scope, access, work) => tenantReadPrimary(scope, role(access), work),
  },
  "tenant-write": {
    mode: "write",
    scope: "tenant",
    open: (scope, access, work) => tenantWrite(scope, role(access), work),
  },
  signup: { mode: "write", scope: "account", open: (scope, _access, work) => signupTransaction(scope, work) },
  login: { mode: "write", scope: "account", open: (scope, _access, work) => loginTransaction(scope, work) },
  "refresh-token": {
    mode: "write",
    scope: "account",
    open: (scope, _access, work) => refreshTokenTransaction(scope, work),
  },
  invitation: {
    mode: "write",
    scope: "person",
    open: (scope, access, work) => invitationTransaction(scope, role(access), work),
  },
  erasure: {
    mode: "write",
    scope: "person",
    open: (scope, access, work) => erasureTransaction(scope, role(access), work),
  },
  none: { mode: "none", scope: "none", open: (_scope, _access, work) => work(null) },
};

function role(access: Access): Role {
  if (access === "public") throw new Error("a tenant or person transaction needs a role: the route declares none");
  return access;
}
