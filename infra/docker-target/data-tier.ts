// The docker target's data tier: PostgreSQL 16 primary and streaming replicas (postgres-plan.ts), Valkey with a
// password, each on its own named volume.
import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { DockerSettings } from "../config.js";
import { envList } from "./api-plan.js";
import type { DockerHost } from "./docker-host.js";
import { secretFile, type DockerSecrets } from "./docker-secrets.js";
import { hostNames } from "./naming.js";
import {
  postgresDataDir,
  postgresHealthcheck,
  postgresPasswordFile,
  postgresUser,
  primaryCommand,
  primaryEnvironment,
  primaryInitScript,
  primaryInitScriptPath,
  replicaStartScript,
  replicaStartScriptPath,
  replicationPasswordFile,
  appPasswordFile,
} from "./postgres-plan.js";

/** uid of `valkey` in the official image: owns the config file that holds the password. */
const valkeyUser = "999";

export interface DataTier {
  readonly primary: docker.Container;
  readonly replicas: docker.Container[];
  readonly valkey: docker.Container;
}

export function deployDataTier(
  host: DockerHost,
  settings: Pick<DockerSettings, "postgresImage" | "valkeyImage">,
  secrets: DockerSecrets,
  replicaCount: number,
): DataTier {
  const postgresImage = host.pulledImage("postgres-image", settings.postgresImage);
  const primary = host.container("postgres-primary", {
    role: "database",
    alias: hostNames.postgresPrimary,
    image: postgresImage,
    command: primaryCommand,
    envs: envList(primaryEnvironment()),
    volumes: [{ volumeName: host.volume("postgres-primary-data").name, containerPath: postgresDataDir }],
    uploads: [
      secretFile(postgresPasswordFile, secrets.database, postgresUser),
      secretFile(replicationPasswordFile, secrets.replication, postgresUser),
      secretFile(appPasswordFile, secrets.api, postgresUser),
      { file: primaryInitScriptPath, content: primaryInitScript, permissions: "0755" },
    ],
    healthcheck: postgresHealthcheck,
  });
  const replicas = Array.from({ length: replicaCount }, (_, i) =>
    host.container(
      `postgres-replica-${i + 1}`,
      {
        role: "database",
        alias: hostNames.postgresReplica(i + 1),
        image: postgresImage,
        entrypoints: [replicaStartScriptPath],
        volumes: [{ volumeName: host.volume(`postgres-replica-${i + 1}-data`).name, containerPath: postgresDataDir }],
        uploads: [
          secretFile(replicationPasswordFile, secrets.replication, "0"),
          { file: replicaStartScriptPath, content: replicaStartScript(), permissions: "0755" },
        ],
        healthcheck: postgresHealthcheck,
      },
      [primary],
    ),
  );
  const valkey = host.container("valkey", {
    role: "cache",
    alias: hostNames.valkey,
    image: host.pulledImage("valkey-image", settings.valkeyImage),
    command: ["valkey-server", "/usr/local/etc/valkey/valkey.conf"],
    volumes: [{ volumeName: host.volume("valkey-data").name, containerPath: "/data" }],
    uploads: [
      secretFile(
        "/usr/local/etc/valkey/valkey.conf",
        pulumi.interpolate`requirepass ${secrets.valkey}\nappendonly yes\ndir /data\n`,
        valkeyUser,
      ),
    ],
    // Up is enough: NOAUTH proves the server answers without putting the password in the check.
    healthcheck: { tests: ["CMD-SHELL", "valkey-cli ping | grep -Eq 'PONG|NOAUTH'"], interval: "5s", retries: 5 },
  });
  return { primary, replicas, valkey };
}
