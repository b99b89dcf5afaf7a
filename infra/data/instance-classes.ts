// Memory of the RDS instance classes we allow, for sizing alarms; RDS's default max_connections for PostgreSQL
// is LEAST(DBInstanceClassMemory / 9531392, 5000).
const memoryGiB: Record<string, number> = {
  "db.t4g.micro": 1,
  "db.t4g.small": 2,
  "db.t4g.medium": 4,
  "db.t4g.large": 8,
  "db.t4g.xlarge": 16,
  "db.m7g.large": 8,
  "db.m7g.xlarge": 16,
  "db.m7g.2xlarge": 32,
  "db.m7g.4xlarge": 64,
  "db.r7g.large": 16,
  "db.r7g.xlarge": 32,
  "db.r7g.2xlarge": 64,
  "db.r7g.4xlarge": 128,
  "db.m6g.large": 8,
  "db.m6g.xlarge": 16,
  "db.r6g.large": 16,
  "db.r6g.xlarge": 32,
};

export const knownInstanceClasses = Object.keys(memoryGiB);

export function instanceClassMemoryGiB(instanceClass: string): number {
  const memory = memoryGiB[instanceClass];
  if (memory === undefined)
    throw new RangeError(`unknown RDS instance class ${instanceClass} (known: ${knownInstanceClasses.join(", ")})`);
  return memory;
}

export function databaseMaxConnections(instanceClass: string): number {
  return Math.min(Math.floor((instanceClassMemoryGiB(instanceClass) * 1024 ** 3) / 9531392), 5000);
}
