// ElastiCache Valkey in the isolated subnets: TLS required in transit, encrypted at rest with the stack key,
// an auth token generated here and kept in Secrets Manager, failover and snapshots by config.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { CacheSettings } from "../config.js";
import { secretNamePrefix } from "../naming.js";
import { cacheNodeIds, cachePort, replicationGroupId, valkeyVersion } from "./cache-plan.js";

export interface CacheArgs {
  readonly prefix: string;
  readonly environment: string;
  readonly settings: CacheSettings;
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<string>[];
  readonly serviceSecurityGroupId: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly logRetentionDays: number;
  readonly protect: boolean;
}

export class Cache extends pulumi.ComponentResource {
  readonly replicationGroupId: string;
  /** The replication group's ARN: the game-day zone interruption targets it. */
  readonly arn: pulumi.Output<string>;
  readonly primaryEndpoint: pulumi.Output<string>;
  readonly port = cachePort;
  readonly authTokenSecretArn: pulumi.Output<string>;
  readonly nodeIds: string[];

  constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rusty-saas:data:Cache", name, {}, opts);
    const { prefix, settings } = args;
    const child = { parent: this };
    const sg = this.securityGroup(args);
    const subnetGroup = new aws.elasticache.SubnetGroup(
      `${prefix}-cache-subnets`,
      { subnetIds: args.subnetIds, description: "Isolated subnets" },
      child,
    );

    const { token, secretArn } = this.authToken(args);
    this.authTokenSecretArn = secretArn;

    const slowLog = new aws.cloudwatch.LogGroup(
      `${prefix}-cache-slow-log`,
      { name: `/${prefix}/cache/slow-log`, retentionInDays: args.logRetentionDays },
      child,
    );
    this.replicationGroupId = replicationGroupId(prefix);
    const group = new aws.elasticache.ReplicationGroup(
      `${prefix}-cache`,
      {
        replicationGroupId: this.replicationGroupId,
        description: `${prefix} Valkey`,
        engine: "valkey",
        engineVersion: valkeyVersion,
        nodeType: settings.nodeType,
        numCacheClusters: settings.nodeCount,
        automaticFailoverEnabled: settings.automaticFailover,
        multiAzEnabled: settings.multiAz,
        port: cachePort,
        subnetGroupName: subnetGroup.name,
        securityGroupIds: [sg.id],
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        atRestEncryptionEnabled: true,
        kmsKeyId: args.kmsKeyArn,
        authToken: token.result,
        snapshotRetentionLimit: settings.snapshotRetentionDays,
        snapshotWindow: "01:00-02:00",
        maintenanceWindow: "sun:04:30-sun:05:30",
        autoMinorVersionUpgrade: true,
        logDeliveryConfigurations: [
          { destination: slowLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" },
        ],
      },
      { parent: this, protect: args.protect },
    );
    this.primaryEndpoint = group.primaryEndpointAddress;
    this.arn = group.arn;
    this.nodeIds = cacheNodeIds(this.replicationGroupId, settings.nodeCount);
    this.registerOutputs({ primaryEndpoint: this.primaryEndpoint, authTokenSecretArn: this.authTokenSecretArn });
  }

  /** Valkey reachable from the service tasks' group only. */
  private securityGroup(args: CacheArgs): aws.ec2.SecurityGroup {
    const { prefix } = args;
    const child = { parent: this };
    const sg = new aws.ec2.SecurityGroup(
      `${prefix}-cache-sg`,
      { vpcId: args.vpcId, description: "Valkey: service tasks only", tags: { Name: `${prefix}-cache` } },
      child,
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${prefix}-cache-from-service`,
      {
        securityGroupId: sg.id,
        ipProtocol: "tcp",
        fromPort: cachePort,
        toPort: cachePort,
        referencedSecurityGroupId: args.serviceSecurityGroupId,
        description: "Valkey from service tasks",
      },
      child,
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${prefix}-service-to-cache`,
      {
        securityGroupId: args.serviceSecurityGroupId,
        ipProtocol: "tcp",
        fromPort: cachePort,
        toPort: cachePort,
        referencedSecurityGroupId: sg.id,
        description: "Service tasks to Valkey",
      },
      child,
    );
    return sg;
  }

  /** A generated AUTH token, kept in Secrets Manager under the stack key for the tasks to read. */
  private authToken(args: CacheArgs): { token: random.RandomPassword; secretArn: pulumi.Output<string> } {
    const { prefix } = args;
    const child = { parent: this };
    // ElastiCache accepts only printable characters minus a few symbols in auth tokens: letters and digits are safe.
    const token = new random.RandomPassword(`${prefix}-cache-auth-token`, { length: 64, special: false }, child);
    const tokenSecret = new aws.secretsmanager.Secret(
      `${prefix}-cache-auth-token`,
      {
        namePrefix: secretNamePrefix(args.environment, "cache-auth-token"),
        description: "AUTH token of the Valkey replication group",
        kmsKeyId: args.kmsKeyArn,
        // Kept: a mistaken delete stays recoverable for a week, and the unique name never blocks a new stack.
        recoveryWindowInDays: 7,
      },
      child,
    );
    new aws.secretsmanager.SecretVersion(
      `${prefix}-cache-auth-token-value`,
      { secretId: tokenSecret.id, secretString: token.result },
      child,
    );
    return { token, secretArn: tokenSecret.arn };
  }
}
