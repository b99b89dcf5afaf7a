// The table of contents of the API: every feature's routes, mounted under /api/v1 and described by the same
// table in /api/v1/openapi.json.
import type Router from "@koa/router";
import { AccessTokens } from "./api/access-tokens.js";
import type { ApiContext } from "./api/api-context.js";
import { mountRoutes } from "./api/api-router.js";
import type { RouteDefinition } from "./api/route-definition.js";
import { auditRoutes } from "./features/audit/audit-routes.js";
import { authRoutes } from "./features/auth/auth-routes.js";
import { caseRoutes } from "./features/cases/case-routes.js";
import { dashboardRoutes } from "./features/dashboard/dashboard-routes.js";
import { docsRoutes } from "./features/docs/docs-routes.js";
import { invitationRoutes } from "./features/invitations/invitation-routes.js";
import { meRoutes } from "./features/me/me-routes.js";
import { memberRoutes } from "./features/members/member-routes.js";
import { organizationRoutes } from "./features/organization/organization-routes.js";
import { taskRoutes } from "./features/tasks/task-routes.js";
import { createCacheStore } from "./platform/cache/cache-store.js";
import type { AppState } from "./platform/http/app-state.js";
import type { PlatformServices } from "./platform-services.js";

export const apiVersion = "1.0.0";

export function apiRouteTable(api: ApiContext): RouteDefinition[] {
  const features = [
    ...authRoutes(api),
    ...meRoutes(api),
    ...invitationRoutes(api),
    ...organizationRoutes(api),
    ...memberRoutes(api),
  ];
  features.push(...caseRoutes(api), ...taskRoutes(api), ...dashboardRoutes(api), ...auditRoutes());
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
  return [mountRoutes(apiRouteTable(api), api.tokens)];
}
