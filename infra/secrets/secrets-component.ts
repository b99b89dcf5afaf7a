// The stack's customer-managed KMS key (database storage, Performance Insights, the RDS-managed password,
// cache at rest, every Secrets Manager secret) and the app's JWT signing secret.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { secretNamePrefix } from "../naming.js";

export interface SecretsArgs {
  readonly prefix: string;
  readonly environment: string;
  readonly protect: boolean;
}

export class Secrets extends pulumi.ComponentResource {
  readonly kmsKeyArn: pulumi.Output<string>;
  readonly jwtSecretArn: pulumi.Output<string>;

  constructor(name: string, args: SecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rusty-saas:secrets:Secrets", name, {}, opts);
    const child = { parent: this };
    const key = new aws.kms.Key(
      `${args.prefix}-data-key`,
      {
        description: `${args.prefix}: data at rest and secrets`,
        enableKeyRotation: true,
        // A mistaken delete stays reversible for the longest window AWS allows.
        deletionWindowInDays: 30,
      },
      { parent: this, protect: args.protect },
    );
    new aws.kms.Alias(
      `${args.prefix}-data-key-alias`,
      { name: `alias/${args.prefix}-data`, targetKeyId: key.keyId },
      child,
    );
    this.kmsKeyArn = key.arn;

    // Rotated by replacing the random resource and keeping the old value as JWT_SECRET_PREVIOUS for a token lifetime.
    const jwt = new random.RandomPassword(`${args.prefix}-jwt-secret`, { length: 64, special: false }, child);
    const jwtSecret = new aws.secretsmanager.Secret(
      `${args.prefix}-jwt-secret`,
      {
        namePrefix: secretNamePrefix(args.environment, "jwt-secret"),
        description: "HS256 signing key for the API's access tokens",
        kmsKeyId: key.arn,
        // Kept: a mistaken delete stays recoverable for a week, and the unique name never blocks a new stack.
        recoveryWindowInDays: 7,
      },
      child,
    );
    new aws.secretsmanager.SecretVersion(
      `${args.prefix}-jwt-secret-value`,
      { secretId: jwtSecret.id, secretString: jwt.result },
      child,
    );
    this.jwtSecretArn = jwtSecret.arn;
    this.registerOutputs({ kmsKeyArn: this.kmsKeyArn, jwtSecretArn: this.jwtSecretArn });
  }
}
