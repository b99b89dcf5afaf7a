// Resolves the database password for every new connection (pg accepts a function), so a rotated secret is
// picked up without a restart: a file is re-read, a Secrets Manager secret is re-fetched once its cache expires
// or as soon as the database rejects the cached password (pool-factory.ts invalidates it on 28P01), and an RDS
// IAM token is signed afresh (it is valid for 15 minutes, and a connection only needs it to log in).
import { readFile } from "node:fs/promises";
import type { PasswordSource } from "../../config/app-config.js";

export interface PasswordResolver {
  (): Promise<string>;
  /** Forget a cached value, e.g. after PostgreSQL answered 28P01 (invalid password). */
  invalidate(): void;
}

const secretCacheMs = 60_000;

/** Whom a password is for: an IAM token is signed for one host, port and user. */
export interface PasswordTarget {
  host: string;
  port: number;
  user: string;
}

export function createPasswordResolver(source: PasswordSource, target?: PasswordTarget): PasswordResolver {
  switch (source.kind) {
    case "none":
      return withInvalidate(async () => "");
    case "static":
      return withInvalidate(async () => source.value);
    case "file":
      return withInvalidate(async () => (await readFile(source.path, "utf8")).replace(/\r?\n$/, ""));
    case "secrets-manager":
      return cachedSecret(source.secretArn);
    case "iam":
      if (!target) throw new Error("an IAM token is signed for a host, port and user");
      return iamToken(target);
  }
}

function iamToken(target: PasswordTarget): PasswordResolver {
  let signer: Promise<{ getAuthToken(): Promise<string> }> | undefined;
  // Loaded lazily: only IAM deployments pay for the signer. It signs locally (SigV4 presign, no network call)
  // with the task role's credentials, which the SDK's provider caches and refreshes before they expire.
  const load = async () => {
    const { Signer } = await import("@aws-sdk/rds-signer");
    return new Signer({ hostname: target.host, port: target.port, username: target.user });
  };
  return withInvalidate(async () => (await (signer ??= load())).getAuthToken());
}

function withInvalidate(resolve: () => Promise<string>): PasswordResolver {
  return Object.assign(resolve, { invalidate: () => undefined });
}

function cachedSecret(secretArn: string): PasswordResolver {
  let cached: { value: string; expiresAt: number } | undefined;
  const resolve = async () => {
    if (cached && cached.expiresAt > Date.now()) return cached.value;
    const value = await fetchSecretPassword(secretArn);
    cached = { value, expiresAt: Date.now() + secretCacheMs };
    return value;
  };
  return Object.assign(resolve, { invalidate: () => (cached = undefined) });
}

async function fetchSecretPassword(secretArn: string): Promise<string> {
  // Loaded lazily: only deployments that use Secrets Manager pay for the SDK.
  const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  const client = new SecretsManagerClient({});
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    const password = SecretString ? (JSON.parse(SecretString) as { password?: unknown }).password : undefined;
    if (typeof password !== "string") throw new Error("the database secret has no string `password` key");
    return password;
  } finally {
    client.destroy();
  }
}
