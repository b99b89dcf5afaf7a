// The table of contents of the API: every feature's routes, mounted under /api/v1 and described by the same
// table in /api/v1/openapi.json. Features meet only here: what one needs from another is wired below.
import type Router from "@koa/router";
import { AccessTokens } from "./api/access-tokens.js";
import type { ApiContext } from "./api/api-context.js";
import { mountRoutes } from "./api/api-router.js";
import type { RouteDefinition } from "./api/route-definition.js";
import { auditRoutes } from "./features/audit/index.js";
import { authRoutes } from "./features/auth/index.js";
import { caseRoutes } from "./features/cases/index.js";
import { dashboardRoutes, invalidateDashboard } from "./features/dashboard/index.js";
import { docsAssetsRouter, docsRoutes } from "./features/docs/index.js";
import { invitationRoutes } from "./features/invitations/index.js";
import { meRoutes } from "./features/me/index.js";
import { memberRoutes } from "./features/members/index.js";
import { organizationRoutes } from "./features/organization/index.js";
import { taskRoutes } from "./features/tasks/index.js";
import { createCacheStore } from "./platform/cache/cache-store.js";
import type { AppState } from "./platform/http/app-state.js";
import type { PlatformServices } from "./platform-services.js";

export const apiVersion = "1.0.0";

export function apiRouteTable(api: ApiContext): RouteDefinition[] {
  // The dashboard summarises cases and tasks: each committed change to them retires it.
  const retireDashboard = (organizationId: string) => invalidateDashboard(api.cache, organizationId);
  const features = [
    ...authRoutes(api),
    ...meRoutes(api),
    ...invitationRoutes(api),
    ...organizationRoutes(api),
    ...memberRoutes(api),
    ...caseRoutes(api, retireDashboard),
    ...taskRoutes(api, retireDashboard),
    ...dashboardRoutes(api),
    ...auditRoutes(api),
  ];
  return [...features, ...docsRoutes(() => apiRouteTable(api), apiVersion)];
}

export function createApiContext(services: PlatformServices): ApiContext {
  return {
    ...services,
    tokens: new AccessTokens(services.config.auth),
    cache: createCacheStore(services.redis, services.metrics),
  };
}

export function createApiRouters(services: PlatformServices): Router<AppState>[] {
  const api = createApiContext(services);
  return [mountRoutes(apiRouteTable(api), api.tokens), docsAssetsRouter()];
}
