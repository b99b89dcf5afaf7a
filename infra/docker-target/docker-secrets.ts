// The docker target's generated secrets (@pulumi/random: Pulumi secrets in the state and the plan, never in a
// command line, an environment variable or `docker inspect`) and the one shape a secret file takes in a container.
import type * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

export interface DockerSecrets {
  /** The owner's (POSTGRES_USER): migrations only. */
  readonly database: pulumi.Output<string>;
  /** The app's login role's (rusty_api). */
  readonly api: pulumi.Output<string>;
  readonly replication: pulumi.Output<string>;
  readonly valkey: pulumi.Output<string>;
  readonly jwt: pulumi.Output<string>;
  readonly grafana: pulumi.Output<string>;
}

export function generateSecrets(parent: pulumi.Resource): DockerSecrets {
  // Letters and digits only: each value also lands in a config file (Valkey's) where quoting would matter.
  const password = (id: string, length: number) =>
    new random.RandomPassword(id, { length, special: false }, { parent }).result;
  return {
    database: password("database-password", 32),
    api: password("api-database-password", 32),
    replication: password("replication-password", 32),
    valkey: password("valkey-password", 32),
    // The app wants at least 32 characters for its HS256 key.
    jwt: password("jwt-secret", 64),
    grafana: password("grafana-admin-password", 24),
  };
}

/** A secret file in a container, written before it starts, readable by `owner` (a numeric id) alone. */
export function secretFile(file: string, content: pulumi.Input<string>, owner: string) {
  return { file, content, owner, group: owner, permissions: "0400" };
}
