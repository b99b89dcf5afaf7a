// The network's stack settings, declared once (see config-settings.ts for how declarations become config, checks
// and the README table).
import { choice, integer, logRetention, text, textList } from "../config-kinds.js";
import { group } from "../config-schema.js";
import { maxVpcPrefix, maxZones, minVpcPrefix, vpcCidrProblems } from "./subnet-plan.js";

export const networkSettings = group({
  zoneCount: {
    key: "availabilityZoneCount",
    description: "Availability zones the VPC spans (at most what the region offers)",
    kind: integer(2, maxZones),
  },
  vpcCidr: {
    key: "vpcCidr",
    description: "IPv4 block of the VPC: a quarter each for private, isolated and public subnets, one kept free",
    kind: text({ allowed: `IPv4 CIDR /${minVpcPrefix} to /${maxVpcPrefix}, aligned`, problems: vpcCidrProblems }),
  },
  natGateways: {
    key: "natGateways",
    description: "One NAT gateway for the VPC (cheaper) or one per zone (survives a zone loss)",
    kind: choice(["single", "perAz"]),
  },
  interfaceEndpoints: {
    key: "interfaceEndpoints",
    description: "Interface VPC endpoints in the private subnets (the S3 gateway endpoint is always there)",
    kind: textList({
      allowed: "AWS service short names such as `ecr.api`",
      item: /^[a-z0-9-]+(\.[a-z0-9-]+)*$/,
      hint: "must be AWS service short names such as ecr.api",
    }),
    default: "[]",
  },
  flowLogRetentionDays: {
    key: "flowLogRetentionDays",
    description: "Retention in days of the VPC flow logs",
    kind: logRetention,
  },
});
