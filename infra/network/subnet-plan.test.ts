import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contains, overlaps, parseCidr, type Ipv4Block } from "./cidr.js";
import {
  natGatewayCount,
  natGatewayIndexForZone,
  maxZones,
  planSubnets,
  subnetTiers,
  vpcCidrProblems,
} from "./subnet-plan.js";

const block = (cidr: string): Ipv4Block => {
  const parsed = parseCidr(cidr);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed;
};

const vpcArbitrary = fc
  .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 16, max: 24 }))
  .map(([address, prefix]) => {
    const size = 2 ** (32 - prefix);
    const base = address - (address % size);
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256);
    return `${octets.join(".")}/${prefix}`;
  });

describe("subnet plan", () => {
  it("gives the staging VPC one subnet per tier and zone", () => {
    expect(planSubnets("10.20.0.0/16", 2)).toEqual([
      { tier: "public", zoneIndex: 0, cidr: "10.20.128.0/20" },
      { tier: "public", zoneIndex: 1, cidr: "10.20.144.0/20" },
      { tier: "private", zoneIndex: 0, cidr: "10.20.0.0/20" },
      { tier: "private", zoneIndex: 1, cidr: "10.20.16.0/20" },
      { tier: "isolated", zoneIndex: 0, cidr: "10.20.64.0/20" },
      { tier: "isolated", zoneIndex: 1, cidr: "10.20.80.0/20" },
    ]);
  });

  it("never overlaps, stays inside the VPC and covers every tier in every zone", () => {
    fc.assert(
      fc.property(vpcArbitrary, fc.integer({ min: 1, max: 4 }), (vpcCidr, zones) => {
        const vpc = block(vpcCidr);
        const plan = planSubnets(vpcCidr, zones);
        expect(plan).toHaveLength(zones * subnetTiers.length);
        plan.forEach((subnet, i) => {
          expect(contains(vpc, block(subnet.cidr))).toBe(true);
          plan.slice(i + 1).forEach((other) => expect(overlaps(block(subnet.cidr), block(other.cidr))).toBe(false));
        });
        for (const tier of subnetTiers) {
          expect(plan.filter((s) => s.tier === tier).map((s) => s.zoneIndex)).toEqual(
            Array.from({ length: zones }, (_, i) => i),
          );
        }
      }),
    );
  });

  it("keeps existing subnets where they are when a zone is added", () => {
    fc.assert(
      fc.property(vpcArbitrary, fc.integer({ min: 1, max: 3 }), (vpcCidr, zones) => {
        const before = planSubnets(vpcCidr, zones);
        const after = planSubnets(vpcCidr, zones + 1);
        expect(after).toEqual(expect.arrayContaining(before));
      }),
    );
  });

  it("rejects malformed, misaligned and out-of-range VPC blocks with a reason", () => {
    expect(vpcCidrProblems("10.0.0.0/33")[0]).toMatch(/prefix above/);
    expect(vpcCidrProblems("10.0.0/16")[0]).toMatch(/not an IPv4 CIDR/);
    expect(vpcCidrProblems("10.0.1.0/16")[0]).toMatch(/not aligned.*10\.0\.0\.0\/16/);
    expect(vpcCidrProblems("10.0.0.0/12")[0]).toMatch(/\/16 to \/24/);
    expect(vpcCidrProblems("300.0.0.0/16")[0]).toMatch(/above 255/);
    expect(() => planSubnets("10.0.0.0/16", 5)).toThrow(RangeError);
  });

  it("sends every zone to its own NAT gateway, or all to the single one, for every zone count", () => {
    for (let zoneCount = 1; zoneCount <= maxZones; zoneCount++) {
      const zones = Array.from({ length: zoneCount }, (_, zone) => zone);
      const perAz = natGatewayCount("perAz", zoneCount);
      expect(
        zones.map((zone) => natGatewayIndexForZone(zone, perAz)),
        `${zoneCount} zones`,
      ).toEqual(zones);
      const single = natGatewayCount("single", zoneCount);
      expect(single).toBe(1);
      expect(zones.map((zone) => natGatewayIndexForZone(zone, single))).toEqual(zones.map(() => 0));
    }
  });
});
