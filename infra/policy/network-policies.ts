// Exposure: only the load balancer takes traffic from the internet, and only on 80 and 443.
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { asArray, asRecord, effectiveTags, listOf } from "./policy-helpers.js";

/** Tag that marks the load balancer's security group, the one group allowed to face the internet. */
export const internetFacingTag = { key: "Exposure", value: "internet" } as const;
const anywhere = new Set(["0.0.0.0/0", "::/0"]);
const webPorts = new Set([80, 443]);

interface IngressGrant {
  readonly sources: string[];
  readonly fromPort: unknown;
  readonly toPort: unknown;
  readonly protocol: unknown;
  /** The group the rule applies to, when the rule is its own resource. */
  readonly group?: PolicyResource;
}

function ingressGrants(resource: PolicyResource): IngressGrant[] {
  const props = resource.props;
  switch (resource.type) {
    case "aws:ec2/securityGroup:SecurityGroup":
      return asArray(props.ingress)
        .map(asRecord)
        .map((rule) => ({
          sources: [...listOf(rule.cidrBlocks), ...listOf(rule.ipv6CidrBlocks)],
          fromPort: rule.fromPort,
          toPort: rule.toPort,
          protocol: rule.protocol,
          group: resource,
        }));
    case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
      return [
        {
          sources: [...listOf(props.cidrIpv4), ...listOf(props.cidrIpv6)],
          fromPort: props.fromPort,
          toPort: props.toPort,
          protocol: props.ipProtocol,
          group: resource.propertyDependencies.securityGroupId?.[0],
        },
      ];
    case "aws:ec2/securityGroupRule:SecurityGroupRule":
      if (props.type !== "ingress") return [];
      return [
        {
          sources: [...listOf(props.cidrBlocks), ...listOf(props.ipv6CidrBlocks)],
          fromPort: props.fromPort,
          toPort: props.toPort,
          protocol: props.protocol,
          group: resource.propertyDependencies.securityGroupId?.[0],
        },
      ];
    default:
      return [];
  }
}

function isAllowedPublicGrant(grant: IngressGrant): boolean {
  const group = grant.group;
  const internetFacing = group !== undefined && effectiveTags(group)[internetFacingTag.key] === internetFacingTag.value;
  return (
    internetFacing &&
    grant.protocol === "tcp" &&
    grant.fromPort === grant.toPort &&
    webPorts.has(Number(grant.fromPort))
  );
}

export const networkPolicies: StackValidationPolicy[] = [
  {
    name: "no-public-ingress",
    description: `No security group admits traffic from anywhere (0.0.0.0/0, ::/0), except the load balancer's group (tagged ${internetFacingTag.key}=${internetFacingTag.value}) on TCP 80 and 443.`,
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
      for (const resource of args.resources) {
        for (const grant of ingressGrants(resource)) {
          if (!grant.sources.some((source) => anywhere.has(source)) || isAllowedPublicGrant(grant)) continue;
          reportViolation(
            `${resource.type} ${resource.name} admits ${grant.sources.join(", ")} on ${String(grant.protocol)} ${String(grant.fromPort)}-${String(grant.toPort)}`,
            resource.urn,
          );
        }
      }
    },
  },
];
