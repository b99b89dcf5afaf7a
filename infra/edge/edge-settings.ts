// The edge's stack settings, declared once (see config-settings.ts for how declarations become config, checks and
// the README table).
import { boolean, integer, text } from "../config-kinds.js";
import { group } from "../config-schema.js";

const dnsName = text({
  allowed: "a lowercase DNS name",
  pattern: /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
  hint: "must be a lowercase DNS name",
});

export const edgeSettings = group(
  {
    domainName: {
      key: "domainName",
      description: "Public name of the API: the certificate's and the DNS alias's",
      kind: dnsName,
    },
    hostedZoneName: {
      key: "hostedZoneName",
      description: "Route 53 public hosted zone holding the API's name and the certificate's validation records",
      kind: dnsName,
    },
    deletionProtection: {
      key: "albDeletionProtection",
      description: "Deletion protection on the load balancer",
      kind: boolean,
    },
    accessLogs: {
      key: "albAccessLogs",
      description: "Write load balancer access logs to an encrypted, private S3 bucket",
      kind: boolean,
    },
    accessLogRetentionDays: {
      key: "albAccessLogRetentionDays",
      description: "Days access logs stay in their bucket before they expire",
      kind: integer(1, 3650),
      default: "90",
    },
    hsts: { key: "hsts", description: "Send Strict-Transport-Security from the HTTPS listener", kind: boolean },
    wafEnabled: {
      key: "wafEnabled",
      description: "Attach a WAF web ACL (per-IP rate rule, AWS managed rule groups) to the load balancer",
      kind: boolean,
    },
    wafRateLimitPer5Minutes: {
      key: "wafRateLimitPer5Minutes",
      description: "Requests one client IP may send in 5 minutes before WAF blocks it",
      kind: integer(10, 2_000_000_000),
      default: "2000",
    },
  },
  (rule, key) => [
    rule({
      field: "domainName",
      allowed: `inside \`${key("hostedZoneName")}\``,
      uses: ["domainName", "hostedZoneName"],
      check: ({ domainName, hostedZoneName }) =>
        domainName.endsWith(`.${hostedZoneName}`)
          ? undefined
          : `${domainName} is not inside ${key("hostedZoneName")} ${hostedZoneName}`,
    }),
  ],
);
