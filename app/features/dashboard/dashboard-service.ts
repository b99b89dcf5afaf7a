// The dashboard: served from the cache, computed on a miss. Membership is confirmed on every request, hit or miss
// (each tenant transaction does it), so a removed member loses the dashboard at once.
import type { ApiContext } from "../../api/api-context.js";
import { tenantRead, tenantReadPrimary, type TenantTransaction } from "../../api/tenant-scope.js";
import type { AppContext } from "../../platform/http/app-state.js";
import { dashboardKey, dashboardTtlSeconds } from "./dashboard-cache.js";
import { countCasesByStatus, countOpenTasks, recentActivity } from "./dashboard-repository.js";
import type { DashboardView } from "./dashboard-schemas.js";

const recentActivityLimit = 10;

export async function getDashboard(api: ApiContext, ctx: AppContext): Promise<DashboardView> {
  // The key comes before the figures: a write that lands in between retires this key, never a later one.
  const { key, cached } = await tenantRead(ctx, async (tx) => {
    const current = await dashboardKey(api.cache, tx.actor.organizationId);
    return { key: current, cached: await api.cache.get<DashboardView>(current) };
  });
  if (cached) return cached;
  // A miss usually follows a write. Computed on a lagging replica, the figures would miss that write and then be
  // served for a whole TTL, so misses (at most one per write or per TTL) read the primary.
  return tenantReadPrimary(ctx, async (tx) => {
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
