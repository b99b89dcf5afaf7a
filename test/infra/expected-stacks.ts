// What each stack gets (infra/README.md, "What each stack deploys"), written down independently of the stack files
// so the whole-stack tests hold the mocked runs to intended values, not to whatever the config says.
import type { StackName } from "./harness/recorded-stacks.js";

export interface ExpectedStack {
  readonly zones: number;
  readonly natGateways: number;
  readonly interfaceEndpoints: readonly string[];
  readonly flowLogRetention: number;
  readonly logRetention: number;
  readonly dbClass: string;
  readonly dbMultiAz: boolean;
  readonly replicas: number;
  readonly backupRetention: number;
  readonly deletionProtection: boolean;
  readonly storage: readonly [number, number];
  readonly monitoringInterval: number;
  readonly cacheNodeType: string;
  readonly cacheNodes: number;
  readonly cacheFailover: boolean;
  readonly cacheSnapshotRetention: number;
  readonly protect: boolean;
  /** Where the primary's automated backups are replicated (region loss), if anywhere. */
  readonly backupReplicationRegion: string | undefined;
  /** AWS FIS experiment templates in the stack. */
  readonly gameDays: boolean;
}

export const expectedStacks: Record<StackName, ExpectedStack> = {
  staging: {
    zones: 2,
    natGateways: 1,
    interfaceEndpoints: [],
    flowLogRetention: 14,
    logRetention: 14,
    dbClass: "db.t4g.medium",
    dbMultiAz: false,
    replicas: 1,
    backupRetention: 7,
    deletionProtection: false,
    storage: [20, 100],
    monitoringInterval: 0,
    cacheNodeType: "cache.t4g.small",
    cacheNodes: 1,
    cacheFailover: false,
    cacheSnapshotRetention: 1,
    protect: false,
    backupReplicationRegion: undefined,
    gameDays: true,
  },
  production: {
    zones: 3,
    natGateways: 3,
    interfaceEndpoints: ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "aps-workspaces"],
    flowLogRetention: 90,
    logRetention: 90,
    dbClass: "db.m7g.large",
    dbMultiAz: true,
    replicas: 2,
    backupRetention: 35,
    deletionProtection: true,
    storage: [100, 500],
    monitoringInterval: 60,
    cacheNodeType: "cache.m7g.large",
    cacheNodes: 2,
    cacheFailover: true,
    cacheSnapshotRetention: 7,
    protect: true,
    backupReplicationRegion: "eu-central-1",
    gameDays: false,
  },
};
