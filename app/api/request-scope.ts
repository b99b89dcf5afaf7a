// What a transaction needs from the request, and nothing more: the request's database session, who the access
// token says is calling, and where the request came from (for audit rows). The router builds it from Koa's
// context, so no transaction, service or repository ever sees an HTTP type.
import type { DatabaseSession } from "../platform/database/database.js";
import type { Caller } from "../platform/http/app-state.js";
import type { RequestOrigin } from "./audit-trail.js";

export interface RequestScope {
  session: DatabaseSession;
  /** Set on authenticated routes, from the verified access token. */
  caller?: Caller;
  origin: RequestOrigin;
}
