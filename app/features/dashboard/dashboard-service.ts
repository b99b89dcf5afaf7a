// The dashboard: served from the cache, computed on a miss. Membership is confirmed on every request, hit or miss
// (the route's tenant transaction does it), so a removed member loses the dashboard at once.
import type { TenantReadTransaction } from "../../api/tenant-transactions.js";
import type { CacheStore } from "../../platform/cache/cache-store.js";
import { dashboardKey, dashboardTtlSeconds } from "./dashboard-cache.js";
import { countCasesByStatus, countOpenTasks, recentActivity } from "./dashboard-repository.js";
import type { DashboardView } from "./dashboard-schemas.js";

const recentActivityLimit = 10;

export async function getDashboard(tx: TenantReadTransaction, cache: CacheStore): Promise<DashboardView> {
  // The key comes before the figures: a write that lands in between retires this key, never a later one.
  const key = await dashboardKey(cache, tx.actor.organizationId);
  const cached = await cache.get<DashboardView>(key);
  if (cached) return cached;
  // A miss usually follows a write. Computed on a lagging replica, the figures would miss that write and then be
  // served for a whole TTL, so misses (at most one per write or per TTL) are computed on the primary.
  await tx.requireLatest();
  const fresh = await computeDashboard(tx);
  await cache.set(key, fresh, dashboardTtlSeconds);
  return fresh;
}

async function computeDashboard(tx: TenantReadTransaction): Promise<DashboardView> {
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
