// The cache's stack settings, declared once (see config-settings.ts for how declarations become config, checks
// and the README table).
import { boolean, integer, text } from "../config-kinds.js";
import { group } from "../config-schema.js";

export const cacheSettings = group(
  {
    nodeType: {
      key: "cacheNodeType",
      description: "ElastiCache node type",
      kind: text({
        allowed: "a `cache.*` node type",
        pattern: /^cache\.[a-z0-9]+\.[a-z0-9]+$/,
        hint: "must be an ElastiCache node type such as cache.t4g.small",
      }),
    },
    nodeCount: {
      key: "cacheNodeCount",
      description: "Valkey nodes in the replication group: one primary plus replicas",
      kind: integer(1, 6),
    },
    multiAz: { key: "cacheMultiAz", description: "Spread the nodes over zones with Multi-AZ", kind: boolean },
    automaticFailover: {
      key: "cacheAutomaticFailover",
      description: "Promote a replica automatically when the primary fails",
      kind: boolean,
    },
    snapshotRetentionDays: {
      key: "cacheSnapshotRetentionDays",
      description: "Daily cache snapshots kept, in days",
      kind: integer(0, 35),
    },
  },
  (rule, key) => [
    rule({
      field: "automaticFailover",
      allowed: `\`true\` needs \`${key("nodeCount")}\` of 2 or more`,
      uses: ["automaticFailover", "nodeCount"],
      check: ({ automaticFailover, nodeCount }) =>
        automaticFailover && nodeCount < 2 ? `needs ${key("nodeCount")} of 2 or more` : undefined,
    }),
    rule({
      field: "multiAz",
      allowed: `\`true\` needs \`${key("automaticFailover")}\``,
      uses: ["multiAz", "automaticFailover"],
      check: ({ multiAz, automaticFailover }) =>
        multiAz && !automaticFailover ? `needs ${key("automaticFailover")}: true` : undefined,
    }),
  ],
);
