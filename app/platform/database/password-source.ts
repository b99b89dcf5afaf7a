// Resolves the database password for every new connection (pg accepts a function), so a rotated secret is
// picked up without a restart: a file is re-read, a Secrets Manager secret is re-fetched once its cache expires
// or as soon as the database rejects the cached password.
import { readFile } from "node:fs/promises";
import type { PasswordSource } from "../../config/app-config.js";

export interface PasswordResolver {
  (): Promise<string>;
  /** Forget a cached value, e.g. after PostgreSQL answered 28P01 (invalid password). */
  invalidate(): void;
}

const secretCacheMs = 60_000;

export function createPasswordResolver(source: PasswordSource): PasswordResolver {
  switch (source.kind) {
    case "none":
      return withInvalidate(async () => "");
    case "static":
      return withInvalidate(async () => source.value);
    case "file":
      return withInvalidate(async () => (await readFile(source.path, "utf8")).replace(/\r?\n$/, ""));
    case "secrets-manager":
      return cachedSecret(source.secretArn);
  }
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
