// The dashboard: computed from the database on a miss, otherwise served from the cache. Membership is confirmed
// on every request, cache hit or not (the tenant transaction does it), so a removed member loses it at once.
import type { ApiContext } from "../../api/api-context.js";
import { tenantRead, type TenantTransaction } from "../../api/tenant-scope.js";
import type { AppContext } from "../../platform/http/app-state.js";
import { dashboardKey, dashboardTtlSeconds } from "./dashboard-cache.js";
import { countCasesByStatus, countOpenTasks, recentActivity } from "./dashboard-repository.js";
import type { DashboardView } from "./dashboard-schemas.js";

const recentActivityLimit = 10;

export function getDashboard(api: ApiContext, ctx: AppContext): Promise<DashboardView> {
  return tenantRead(ctx, async (tx) => {
    // The key comes before the figures: a write that lands in between retires this key, never a later one.
    const key = await dashboardKey(api.cache, tx.actor.organizationId);
    const cached = await api.cache.get<DashboardView>(key);
    if (cached) return cached;
    const fresh = await computeDashboard(tx);
    await api.cache.set(key, fresh, dashboardTtlSeconds);
    return fresh;
  });
}

async function computeDashboard(tx: TenantTransaction): Promise<DashboardView> {
  const organizationId = tx.actor.organizationId;
  const casesByStatus = await countCasesByStatus(tx, organizationId);
  const tasks = await countOpenTasks(tx, organizationId);
  const activity = await recentActivity(tx, organizationId, recentActivityLimit);
  return {
    casesByStatus,
    openTasks: tasks.open,
    overdueTasks: tasks.overdue,
    recentActivity: activity.map((event) => ({
      action: event.action,
      targetType: event.target_type,
      targetId: event.target_id,
      actorId: event.actor_id,
      occurredAt: event.occurred_at.toISOString(),
    })),
    generatedAt: new Date().toISOString(),
  };
}
