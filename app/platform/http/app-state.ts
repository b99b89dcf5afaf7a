// What every request carries through the middleware chain.
import type { ParameterizedContext } from "koa";
import type { DatabaseSession } from "../database/database.js";
import type { Logger } from "../logging/logger.js";

export interface Actor {
  userId: string;
  organizationId: string;
  role: string;
}

/** Who the access token says is calling; membership and role are confirmed per transaction. */
export interface Caller {
  userId: string;
  organizationId: string;
}

export interface AppState {
  requestId: string;
  log: Logger;
  db: DatabaseSession;
  /** Set by authentication. */
  caller?: Caller;
  /** The lowest role the route demands (set by the route, checked in each tenant transaction). */
  requiredRole?: string;
  /** Set once membership is confirmed; read by the access log. */
  actor?: Actor;
}

export type AppContext = ParameterizedContext<AppState>;
