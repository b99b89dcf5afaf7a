// Where each subnet goes. The VPC is cut into four equal quarters: private (service tasks, the largest need),
// isolated (data), public (load balancer and NAT), and one quarter kept free for later tiers. Each quarter is cut
// into four zone slots, so adding a zone never moves an existing subnet.
import { formatCidr, parseCidr, subdivide } from "./cidr.js";

export const maxZones = 4;
export const minVpcPrefix = 16;
export const maxVpcPrefix = 24;

export type SubnetTier = "public" | "private" | "isolated";

export interface PlannedSubnet {
  readonly tier: SubnetTier;
  readonly zoneIndex: number;
  readonly cidr: string;
}

const tierQuarter: Record<SubnetTier, number> = { private: 0, isolated: 1, public: 2 };
export const subnetTiers: readonly SubnetTier[] = ["public", "private", "isolated"];

/** Problems with a VPC CIDR as a plan input, or an empty list. */
export function vpcCidrProblems(vpcCidr: string): string[] {
  const block = parseCidr(vpcCidr);
  if (typeof block === "string") return [block];
  if (block.prefix < minVpcPrefix || block.prefix > maxVpcPrefix) {
    return [
      `${vpcCidr} must have a prefix from /${minVpcPrefix} to /${maxVpcPrefix} (AWS allows /16 to /28; each subnet is 1/16 of the VPC)`,
    ];
  }
  return [];
}

export function planSubnets(vpcCidr: string, zoneCount: number): PlannedSubnet[] {
  const problems = vpcCidrProblems(vpcCidr);
  if (problems.length > 0) throw new RangeError(problems.join("; "));
  if (!Number.isInteger(zoneCount) || zoneCount < 1 || zoneCount > maxZones)
    throw new RangeError(`zone count must be 1 to ${maxZones}, got ${zoneCount}`);
  const vpc = parseCidr(vpcCidr);
  if (typeof vpc === "string") throw new RangeError(vpc);
  return subnetTiers.flatMap((tier) => {
    const quarter = subdivide(vpc, vpc.prefix + 2, tierQuarter[tier]);
    return Array.from({ length: zoneCount }, (_, zoneIndex) => ({
      tier,
      zoneIndex,
      cidr: formatCidr(subdivide(quarter, quarter.prefix + 2, zoneIndex)),
    }));
  });
}

/** NAT gateways of the VPC: one per zone, or a single one for all of them (cheaper, lost with its zone). */
export function natGatewayCount(natGateways: "single" | "perAz", zoneCount: number): number {
  return natGateways === "perAz" ? zoneCount : 1;
}

/** Which NAT gateway (by index) serves the private subnet of a zone. */
export function natGatewayIndexForZone(zoneIndex: number, natGatewayCount: number): number {
  return Math.min(zoneIndex, natGatewayCount - 1);
}
