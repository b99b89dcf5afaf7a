// The table of contents of the API: every feature router, mounted under /api/v1.
import type Router from "@koa/router";
import type { AppState } from "./platform/http/app-state.js";
import type { PlatformServices } from "./platform-services.js";

export function createApiRouters(_services: PlatformServices): Router<AppState>[] {
  return [];
}
