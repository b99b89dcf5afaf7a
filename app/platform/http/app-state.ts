// What every request carries through the middleware chain.
import type { ParameterizedContext } from "koa";
import type { DatabaseSession } from "../database/database.js";
import type { Logger } from "../logging/logger.js";

/** Who the access token says is calling; membership and role are confirmed inside each route's transaction. */
export interface Caller {
  userId: string;
  organizationId: string;
}

export interface AppState {
  requestId: string;
  log: Logger;
  db: DatabaseSession;
  /** Set by authentication; read by the access log. */
  caller?: Caller;
}

export type AppContext = ParameterizedContext<AppState>;
