// The typed, validated shape the rest of the app receives. Built only by load-config.ts.

export type PasswordSource =
  | { kind: "none" }
  | { kind: "static"; value: string }
  /** Re-read for every new connection, so a rotated file is used without a restart. */
  | { kind: "file"; path: string }
  /** Fetched from AWS Secrets Manager per new connection, with a short cache. */
  | { kind: "secrets-manager"; secretArn: string };

export interface DatabaseEndpoint {
  host: string;
  port: number;
}

export interface PoolSettings {
  poolMax: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  maxLifetimeSeconds: number;
  replicaRetryMs: number;
  migrateOnStart: boolean;
}

export type DatabaseConfig =
  | ({ kind: "embedded"; dataDir: string } & PoolSettings)
  | ({
      kind: "external";
      primary: DatabaseEndpoint;
      replicas: DatabaseEndpoint[];
      database: string;
      user: string;
      password: PasswordSource;
      ssl: "disable" | "require" | "verify-full";
      sslCaFile?: string;
    } & PoolSettings);

export type StoreDownPolicy = "allow" | "local" | "deny";

export interface AppConfig {
  env: "development" | "test" | "production";
  log: { level: string };
  http: {
    host: string;
    port: number;
    metricsPort: number;
    bodyLimitBytes: number;
    corsOrigins: string[];
    trustProxy: boolean;
    keepAliveTimeoutMs: number;
    requestTimeoutMs: number;
  };
  database: DatabaseConfig;
  redis?: { url: string; authToken?: string; commandTimeoutMs: number };
  rateLimit: {
    points: number;
    windowSeconds: number;
    storeDownPolicy: StoreDownPolicy;
    commandTimeoutMs: number;
    signupPerAddress: number;
    loginPerAddress: number;
    loginPerAccount: number;
  };
  auth: {
    jwtSecret: string;
    /** True when no JWT_SECRET was given outside production: tokens die with the process. */
    jwtSecretGenerated: boolean;
    jwtSecretPrevious?: string;
    issuer: string;
    audience: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
  };
  shutdown: { drainMs: number; requestTimeoutMs: number };
}
