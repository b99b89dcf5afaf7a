// Edge decisions as data: TLS policy, health check, HSTS, WAF rules, the access-log bucket policy.
import { policyDocument } from "../iam-documents.js";

export const tlsPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/** Below the app's keep-alive timeout (65 s), so the load balancer, not the app, closes idle connections. */
export const albIdleTimeoutSeconds = 60;
export const readinessPath = "/ready";
export const hstsHeaderValue = "max-age=31536000; includeSubDomains";

export const targetHealthCheck = {
  path: readinessPath,
  protocol: "HTTP",
  port: "traffic-port",
  matcher: "200",
  interval: 10,
  timeout: 5,
  healthyThreshold: 2,
  unhealthyThreshold: 3,
} as const;

export interface WafRuleSpec {
  readonly name: string;
  readonly priority: number;
  readonly kind: "rate" | "managed";
  /** Managed rules counted instead of blocking, with the reason. */
  readonly countOnly?: readonly string[];
}

/**
 * A per-IP rate limit first, then AWS's common and known-bad-input rule groups. The common group's 8 KB body
 * rule is only counted: the API accepts JSON bodies up to BODY_LIMIT_BYTES (100 KB) and enforces that itself.
 */
export function wafRules(): WafRuleSpec[] {
  return [
    { name: "rate-limit-per-ip", priority: 0, kind: "rate" },
    { name: "AWSManagedRulesCommonRuleSet", priority: 1, kind: "managed", countOnly: ["SizeRestrictions_BODY"] },
    { name: "AWSManagedRulesKnownBadInputsRuleSet", priority: 2, kind: "managed" },
  ];
}

/** Lets the region's load-balancer log delivery write under AWSLogs/, and refuses any request without TLS. */
export function accessLogBucketPolicy(bucketArn: string, elbAccountArn: string, accountId: string): string {
  return policyDocument(
    {
      Sid: "AlbLogDelivery",
      Effect: "Allow",
      Principal: { AWS: elbAccountArn },
      Action: "s3:PutObject",
      Resource: `${bucketArn}/AWSLogs/${accountId}/*`,
    },
    {
      Sid: "AlbLogDeliveryService",
      Effect: "Allow",
      Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${bucketArn}/AWSLogs/${accountId}/*`,
    },
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "s3:*",
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  );
}
