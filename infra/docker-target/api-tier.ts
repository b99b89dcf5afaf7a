// The docker target's API: the image built from the root Dockerfile, the migrations container run once, then the
// API containers (api-plan.ts has their settings). Docker copies files into a container through its root
// filesystem, which the API's is not allowed to write (decision 0111): the migrations container receives the secret
// files into a volume, and the API containers mount it read-only.
import * as docker from "@pulumi/docker";
import type { DockerSettings } from "../config.js";
import {
  apiHealthcheck,
  apiStopTimeoutSeconds,
  appUser,
  dockerApiEnvironment,
  envList,
  migrateCommand,
  secretFiles,
  secretsDir,
} from "./api-plan.js";
import type { DockerHost } from "./docker-host.js";
import { secretFile, type DockerSecrets } from "./docker-secrets.js";
import { dockerName, hostNames } from "./naming.js";

/** The image's `node` user, who alone may read the API's secret files. */
const appUid = appUser.split(":")[0] ?? "1000";

export interface ApiTier {
  readonly migrations: docker.Container;
  readonly apiContainers: docker.Container[];
}

export function deployApiTier(
  host: DockerHost,
  settings: Pick<DockerSettings, "environment" | "apiContainers" | "logLevel" | "corsOrigins">,
  secrets: DockerSecrets,
  data: { readonly replicaCount: number; readonly dependsOn: docker.Container[] },
): ApiTier {
  const name = (part: string) => dockerName(settings.environment, part);
  const replicaCount = data.replicaCount;
  const apiImage = new docker.Image(
    "api-image",
    {
      // Relative to the project directory, where Pulumi runs the program (an absolute path would differ per machine).
      build: { context: ".", dockerfile: "Dockerfile", builderVersion: "BuilderBuildKit" },
      imageName: `${name("api")}:latest`,
      skipPush: true,
    },
    { parent: host },
  );
  const apiEnvironment = envList(
    dockerApiEnvironment({ logLevel: settings.logLevel, corsOrigins: settings.corsOrigins, replicaCount }),
  );
  const apiSecretsVolume = host.volume("api-secrets");
  const migrations = host.container(
    "migrations",
    {
      role: "migrations",
      alias: "migrations",
      image: apiImage.repoDigest,
      command: migrateCommand,
      envs: apiEnvironment,
      user: appUser,
      volumes: [{ volumeName: apiSecretsVolume.name, containerPath: secretsDir }],
      uploads: [
        secretFile(secretFiles.databasePassword, secrets.api, appUid),
        secretFile(secretFiles.migrationPassword, secrets.database, appUid),
        secretFile(secretFiles.jwtSecret, secrets.jwt, appUid),
        secretFile(secretFiles.redisAuthToken, secrets.valkey, appUid),
      ],
      // Runs to completion during `pulumi up`; the API containers are created only after it exited.
      attach: true,
      mustRun: false,
      restart: "no",
      wait: false,
    },
    data.dependsOn,
  );
  const apiContainers = Array.from({ length: settings.apiContainers }, (_, i) =>
    host.container(
      `api-${i + 1}`,
      {
        role: "api",
        alias: hostNames.api(i + 1),
        image: apiImage.repoDigest,
        envs: apiEnvironment,
        user: appUser,
        readOnly: true,
        tmpfs: { "/tmp": "rw,noexec,nosuid,size=64m,mode=1777" },
        volumes: [{ volumeName: apiSecretsVolume.name, containerPath: secretsDir, readOnly: true }],
        healthcheck: apiHealthcheck,
        stopSignal: "SIGTERM",
        stopTimeout: apiStopTimeoutSeconds,
        destroyGraceSeconds: apiStopTimeoutSeconds,
      },
      [migrations],
    ),
  );
  return { migrations, apiContainers };
}
