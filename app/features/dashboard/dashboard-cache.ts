// Where dashboards are cached, and how writes invalidate them. Each organization has a generation key naming its
// current dashboard entry; a write deletes the generation, so the next read starts a new entry. Deleting the
// entry itself would not be enough: a read that began before the write could still store its stale result after
// the delete, and it would be served for a whole TTL. Under a fresh generation that late result is never read.
import { randomUUID } from "node:crypto";
import type { CacheStore } from "../../platform/cache/cache-store.js";

export const dashboardTtlSeconds = 60;

const generationKey = (organizationId: string) => `dashboard-generation:${organizationId}`;

/** Call after a write to the organization's cases or tasks has committed. */
export async function invalidateDashboard(cache: CacheStore, organizationId: string): Promise<void> {
  await cache.delete(generationKey(organizationId));
}

/** The key the organization's current dashboard lives under, starting a new generation when there is none. */
export async function dashboardKey(cache: CacheStore, organizationId: string): Promise<string> {
  let generation = await cache.get<string>(generationKey(organizationId));
  if (generation === undefined) {
    generation = randomUUID();
    // Outlives the entries it names, so an idle organization does not restart its generation needlessly.
    await cache.set(generationKey(organizationId), generation, dashboardTtlSeconds * 10);
  }
  return `dashboard:${organizationId}:${generation}`;
}
