// The load balancer's access-log bucket: private, encrypted (SSE-S3, the only encryption ALB log delivery
// supports), owner-enforced, TLS-only, expiring logs after the configured days.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accessLogBucketPolicy } from "./edge-plan.js";

export interface AccessLogBucketArgs {
  readonly bucketName: string;
  readonly retentionDays: number;
  readonly accountId: string;
  readonly elbAccountArn: pulumi.Input<string>;
  readonly protect: boolean;
}

export class AccessLogBucket extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  /** Resolves once the bucket policy exists, so the load balancer's first log write is allowed. */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: AccessLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rusty-saas:edge:AccessLogBucket", name, {}, opts);
    const child = { parent: this };
    const bucket = new aws.s3.Bucket(
      name,
      { bucket: args.bucketName, forceDestroy: false },
      { parent: this, protect: args.protect },
    );
    const block = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      child,
    );
    new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      child,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      child,
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "expire-access-logs",
            status: "Enabled",
            filter: { prefix: "" },
            expiration: { days: args.retentionDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
        ],
      },
      child,
    );
    const policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.id,
        policy: pulumi
          .all([bucket.arn, args.elbAccountArn])
          .apply(([arn, elb]) => accessLogBucketPolicy(arn, elb, args.accountId)),
      },
      { parent: this, dependsOn: [block] },
    );
    this.bucketName = bucket.bucket;
    this.ready = [policy];
    this.registerOutputs({ bucketName: this.bucketName });
  }
}
