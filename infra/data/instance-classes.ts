// Memory of the RDS instance classes we allow, for sizing max_connections and the memory alarms.
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

/** Bytes per connection in RDS's default formula for PostgreSQL: LEAST({DBInstanceClassMemory/9531392}, 5000). */
export const rdsBytesPerConnection = 9531392;
/**
 * DBInstanceClassMemory is the class's memory less what the OS and RDS keep; AWS publishes no figure per class
 * (public measurements of RDS's default give 90–95 % of the class's memory). Three quarters stays below it for
 * every class, so the explicit max_connections never admits more connections than RDS's own sizing would.
 */
export const assumedDbInstanceClassMemoryShare = 0.75;

/** max_connections for instances of these classes: RDS's formula on the smallest one's assumed memory. */
export function maxConnectionsFor(instanceClasses: readonly string[]): number {
  if (instanceClasses.length === 0) throw new RangeError("max_connections needs at least one instance class");
  const smallest = Math.min(...instanceClasses.map(instanceClassMemoryGiB));
  const memory = smallest * 1024 ** 3 * assumedDbInstanceClassMemoryShare;
  return Math.min(Math.floor(memory / rdsBytesPerConnection), 5000);
}
