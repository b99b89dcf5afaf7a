// What every request carries through the middleware chain.
import type { ParameterizedContext } from "koa";
import type { DatabaseSession } from "../database/database.js";
import type { Logger } from "../logging/logger.js";

export interface Actor {
  userId: string;
  organizationId: string;
  role: string;
}

export interface AppState {
  requestId: string;
  log: Logger;
  db: DatabaseSession;
  /** Set by authentication; also read by the access log. */
  actor?: Actor;
}

export type AppContext = ParameterizedContext<AppState>;
