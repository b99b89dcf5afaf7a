// Whole-stack tests, edge: DNS → load balancer → listeners → target group, certificate, WAF, access logs.
import { describe, expect, it } from "vitest";
import { recordedStack, stackNames } from "./harness/recorded-stacks.js";
import { byMockId, input, ofType, one, parseJson, sourcesOf } from "./harness/stack-queries.js";

const expectedEdge = {
  staging: {
    domain: "api.staging.rusty-saas.example.com",
    deletionProtection: false,
    accessLogs: false,
    hsts: false,
    waf: false,
    deregistration: 15,
    zones: 2,
  },
  production: {
    domain: "api.rusty-saas.example.com",
    deletionProtection: true,
    accessLogs: true,
    hsts: true,
    waf: true,
    deregistration: 30,
    zones: 3,
  },
} as const;

describe.each(stackNames)("%s stack: edge", (stack) => {
  const expected = expectedEdge[stack];
  const prefix = `rusty-saas-${stack}`;
  const albName = `rusty-${stack}-alb`;
  const tgName = `rusty-${stack}-api`;

  it("puts an internet-facing ALB in the public subnets, 60 s idle timeout, invalid headers dropped", async () => {
    const run = await recordedStack(stack);
    const alb = one(run, "aws:lb/loadBalancer:LoadBalancer");
    expect(alb.inputs).toMatchObject({
      loadBalancerType: "application",
      internal: false,
      idleTimeout: 60,
      dropInvalidHeaderFields: true,
      enableDeletionProtection: expected.deletionProtection,
      securityGroups: [`${prefix}-alb-sg-id`],
    });
    expect(input<string[]>(alb, "subnets").map((id) => byMockId(run, id)?.name)).toEqual(
      Array.from({ length: expected.zones }, (_, i) => `${prefix}-public-${i + 1}`),
    );
  });

  it("opens 80 and 443 to the world on the ALB only, and the service port only to the ALB", async () => {
    const run = await recordedStack(stack);
    const rules = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    const open = rules.filter((r) => input(r, "cidrIpv4") === "0.0.0.0/0");
    expect(open.map((r) => [input(r, "securityGroupId"), input(r, "fromPort")])).toEqual([
      [`${prefix}-alb-sg-id`, 80],
      [`${prefix}-alb-sg-id`, 443],
    ]);
    const toService = rules.filter((r) => input(r, "securityGroupId") === `${prefix}-service-sg-id`);
    expect(toService.map((r) => r.inputs)).toEqual([
      expect.objectContaining({ fromPort: 3000, toPort: 3000, referencedSecurityGroupId: `${prefix}-alb-sg-id` }),
    ]);
    const albEgress = ofType(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter(
      (r) => input(r, "securityGroupId") === `${prefix}-alb-sg-id`,
    );
    expect(albEgress.map((r) => [input(r, "fromPort"), input(r, "referencedSecurityGroupId")])).toEqual([
      [3000, `${prefix}-service-sg-id`],
    ]);
    expect(input(one(run, "aws:ec2/securityGroup:SecurityGroup", `${prefix}-alb-sg`), "tags")).toMatchObject({
      Exposure: "internet",
    });
  });

  it("validates an ACM certificate for the domain by DNS in the configured zone", async () => {
    const run = await recordedStack(stack);
    const cert = one(run, "aws:acm/certificate:Certificate");
    expect(cert.inputs).toMatchObject({ domainName: expected.domain, validationMethod: "DNS" });
    const record = one(run, "aws:route53/record:Record", `${prefix}-api-cert-validation`);
    expect(record.inputs).toMatchObject({
      zoneId: "Z0123456789MOCKZONE",
      name: `_x1.${expected.domain}.`,
      type: "CNAME",
      records: ["_x2.acm-validations.aws."],
    });
    const validation = one(run, "aws:acm/certificateValidation:CertificateValidation");
    expect(sourcesOf(run, validation, "validationRecordFqdns")).toEqual([record.name]);
    const zoneLookup = run.invokes.find((i) => i.token === "aws:route53/getZone:getZone");
    expect(zoneLookup?.inputs).toMatchObject({
      name: expected.domain.split(".").slice(1).join("."),
      privateZone: false,
    });
  });

  it("serves HTTPS with the TLS 1.3 policy and the validated certificate, forwarding to the target group", async () => {
    const run = await recordedStack(stack);
    const https = one(run, "aws:lb/listener:Listener", `${prefix}-https`);
    expect(https.inputs).toMatchObject({
      port: 443,
      protocol: "HTTPS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificateArn: `arn:aws:acm:eu-west-1:123456789012:certificate/${prefix}-api-cert`,
    });
    expect(sourcesOf(run, https, "certificateArn")).toEqual([`${prefix}-api-cert-validation`]);
    expect(input(https, "defaultActions")).toEqual([
      { type: "forward", targetGroupArn: expect.stringContaining(`targetgroup/${tgName}/`) },
    ]);
    expect(sourcesOf(run, https, "defaultActions")).toEqual([tgName]);
    expect(sourcesOf(run, https, "loadBalancerArn")).toEqual([albName]);
    expect(input(https, "routingHttpResponseStrictTransportSecurityHeaderValue")).toBe(
      expected.hsts ? "max-age=31536000; includeSubDomains" : undefined,
    );
  });

  it("answers plain HTTP with a 301 to HTTPS and nothing else", async () => {
    const run = await recordedStack(stack);
    const http = one(run, "aws:lb/listener:Listener", `${prefix}-http`);
    expect(http.inputs).toMatchObject({
      port: 80,
      protocol: "HTTP",
      defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    });
    expect(ofType(run, "aws:lb/listener:Listener")).toHaveLength(2);
    expect(ofType(run, "aws:lb/listenerRule:ListenerRule")).toHaveLength(0);
  });

  it("checks /ready on the API port and drains for the configured deregistration delay", async () => {
    const run = await recordedStack(stack);
    const tg = one(run, "aws:lb/targetGroup:TargetGroup");
    expect(tg.inputs).toMatchObject({
      port: 3000,
      protocol: "HTTP",
      targetType: "ip",
      deregistrationDelay: expected.deregistration,
      healthCheck: { path: "/ready", port: "traffic-port", matcher: "200", enabled: true },
    });
  });

  it("points the API name at the load balancer with an alias record", async () => {
    const run = await recordedStack(stack);
    const alias = one(run, "aws:route53/record:Record", `${prefix}-api-alias`);
    expect(alias.inputs).toMatchObject({
      name: expected.domain,
      type: "A",
      zoneId: "Z0123456789MOCKZONE",
      aliases: [
        {
          name: `${albName}-1234567890.eu-west-1.elb.amazonaws.com`,
          zoneId: "Z32O12XQLNTSW2",
          evaluateTargetHealth: true,
        },
      ],
    });
    expect(sourcesOf(run, alias, "aliases")).toEqual([albName]);
    expect(run.outputs.apiUrl).toBe(`https://${expected.domain}`);
    expect(run.outputs.loadBalancerDnsName).toBe(`${albName}-1234567890.eu-west-1.elb.amazonaws.com`);
  });

  it("attaches a WAF web ACL with a per-IP rate rule exactly when config asks", async () => {
    const run = await recordedStack(stack);
    const acls = ofType(run, "aws:wafv2/webAcl:WebAcl");
    expect(acls).toHaveLength(expected.waf ? 1 : 0);
    if (!expected.waf) return;
    const rules = input<
      { name: string; statement: { rateBasedStatement?: { limit: number; aggregateKeyType: string } } }[]
    >(acls[0]!, "rules");
    expect(rules[0]).toMatchObject({
      name: "rate-limit-per-ip",
      action: { block: {} },
      statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" } },
    });
    const association = one(run, "aws:wafv2/webAclAssociation:WebAclAssociation");
    expect(sourcesOf(run, association, "resourceArn")).toEqual([albName]);
  });

  it("writes access logs to a private, encrypted, expiring bucket exactly when config asks", async () => {
    const run = await recordedStack(stack);
    const alb = one(run, "aws:lb/loadBalancer:LoadBalancer");
    const buckets = ofType(run, "aws:s3/bucket:Bucket");
    expect(buckets).toHaveLength(expected.accessLogs ? 1 : 0);
    if (!expected.accessLogs) return expect(input(alb, "accessLogs")).toBeUndefined();
    const bucket = buckets[0]!;
    expect(input(alb, "accessLogs")).toEqual({ bucket: `${prefix}-alb-logs-123456789012`, enabled: true });
    expect(bucket.protect).toBe(true);
    expect(one(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(
      one(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs,
    ).toMatchObject({ rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
    expect(one(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs).toMatchObject({
      rules: [{ status: "Enabled", expiration: { days: 90 } }],
    });
    const policy = parseJson(input(one(run, "aws:s3/bucketPolicy:BucketPolicy"), "policy"));
    expect(JSON.stringify(policy)).toContain("arn:aws:iam::156460612806:root");
    expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
    expect(alb.dependsOn.some((urn) => urn.endsWith(`${prefix}-alb-logs-policy`))).toBe(true);
  });
});
