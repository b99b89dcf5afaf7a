// Decisions about the cache that do not need AWS: the engine, its port, and the node names ElastiCache gives a
// replication group's members (the alarms and the dashboard address nodes by these names).
export const cachePort = 6379;
export const valkeyVersion = "8.0";

export function replicationGroupId(prefix: string): string {
  return `${prefix}-cache`;
}

/** ElastiCache names a replication group's nodes `<group>-001`, `<group>-002`, … */
export function cacheNodeIds(replicationGroupId: string, nodeCount: number): string[] {
  return Array.from({ length: nodeCount }, (_, i) => `${replicationGroupId}-${String(i + 1).padStart(3, "0")}`);
}
