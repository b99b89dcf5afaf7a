// The catalogue of every environment variable the API reads, with its documentation, default and secrecy.
// `load-config.ts` validates the environment against it; the README table and the infra contract tests read it.
import { z } from "zod";

export interface SettingDoc {
  description: string;
  default?: string;
  secret: boolean;
  /** Accepted as `<NAME>_FILE`, a path whose contents (trailing newline trimmed) are the value. */
  fileForm: boolean;
}

const plain = (description: string, defaultValue?: string): SettingDoc => ({
  description,
  ...(defaultValue === undefined ? {} : { default: defaultValue }),
  secret: false,
  fileForm: false,
});
const secret = (description: string): SettingDoc => ({ description, secret: true, fileForm: true });

export const configSettings = {
  NODE_ENV: plain(
    "development, test or production; production forbids the embedded database and demands JWT_SECRET",
    "development",
  ),
  HOST: plain("Interface the API and metrics servers bind to", "0.0.0.0"),
  PORT: plain("Port of the API (the load balancer's target)", "3000"),
  METRICS_PORT: plain("Port serving only GET /metrics (Prometheus); never routed by the load balancer", "9464"),
  LOG_LEVEL: plain("pino level: fatal, error, warn, info, debug, trace or silent", "info"),
  DATABASE_URL: secret(
    "Full PostgreSQL URL of the primary; unset (with DATABASE_HOST unset) runs the embedded PGlite database",
  ),
  DATABASE_HOST: plain("PostgreSQL primary host, the alternative to DATABASE_URL"),
  DATABASE_PORT: plain("PostgreSQL port for the primary and replicas", "5432"),
  DATABASE_NAME: plain("PostgreSQL database name", "postgres"),
  DATABASE_USER: plain("PostgreSQL user", "postgres"),
  DATABASE_PASSWORD: secret(
    "PostgreSQL password; with _FILE the file is re-read for every new connection so a rotated password needs no restart",
  ),
  DATABASE_PASSWORD_SECRET_ARN: plain(
    "AWS Secrets Manager secret holding the password (JSON key `password`), fetched per new connection with a short cache",
  ),
  DATABASE_REPLICA_HOSTS: plain(
    "Comma-separated host[:port] list of read replicas (same database, user and password)",
    "",
  ),
  DATABASE_SSL: plain(
    "TLS to PostgreSQL: disable, require (encrypted) or verify-full (with DATABASE_SSL_CA_FILE)",
    "disable",
  ),
  DATABASE_SSL_CA_FILE: plain("PEM bundle that signs the database certificate, for DATABASE_SSL=verify-full"),
  DATABASE_POOL_MAX: plain("Connections per pool (primary and each replica)", "10"),
  DATABASE_CONNECT_TIMEOUT_MS: plain(
    "Time allowed to open a connection; also bounds how long a request waits when the primary is gone",
    "2000",
  ),
  DATABASE_STATEMENT_TIMEOUT_MS: plain("statement_timeout of every connection", "5000"),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: plain("idle_in_transaction_session_timeout of every connection", "10000"),
  DATABASE_MAX_LIFETIME_SECONDS: plain(
    "A connection is retired after this many seconds (spreads load after a failover)",
    "1800",
  ),
  DATABASE_REPLICA_RETRY_SECONDS: plain(
    "After a replica fails, reads go to the primary for this long before the replica is tried again",
    "30",
  ),
  MIGRATE_ON_START: plain("Apply pending migrations at start, under an advisory lock, before serving", "true"),
  EMBEDDED_DATABASE_DIR: plain("Data folder of the embedded database (git-ignored)", ".data/pglite"),
  REDIS_URL: plain("Redis URL (redis:// or rediss:// for TLS); unset keeps rate limits and caches in memory"),
  REDIS_AUTH_TOKEN: secret("Redis AUTH password (ElastiCache auth token)"),
  REDIS_COMMAND_TIMEOUT_MS: plain("Longest wait for Redis before a rate-limit or cache call gives up", "100"),
  JWT_SECRET: secret(
    "HS256 key signing access tokens (at least 32 characters); generated per process outside production",
  ),
  JWT_SECRET_PREVIOUS: secret("The previous signing key, still accepted for verification during a rotation"),
  JWT_ISSUER: plain("iss claim of access tokens", "rusty-saas"),
  JWT_AUDIENCE: plain("aud claim of access tokens", "rusty-saas-api"),
  ACCESS_TOKEN_TTL_SECONDS: plain("Lifetime of an access token (at most 900)", "900"),
  REFRESH_TOKEN_TTL_DAYS: plain("Lifetime of a refresh token family", "30"),
  CORS_ORIGINS: plain("Comma-separated origins allowed by CORS; empty allows none", ""),
  TRUST_PROXY: plain(
    "true behind a load balancer: take the client address from the last X-Forwarded-For hop only",
    "false",
  ),
  BODY_LIMIT_BYTES: plain("Largest accepted JSON body", "102400"),
  RATE_LIMIT_POINTS: plain("Requests a client may make per window (global limit)", "600"),
  RATE_LIMIT_WINDOW_SECONDS: plain("Window of the global limit", "60"),
  SIGNUP_LIMIT_PER_ADDRESS: plain("Signups one client address may attempt per hour", "10"),
  LOGIN_LIMIT_PER_ADDRESS: plain("Logins one client address may attempt per 5 minutes", "30"),
  LOGIN_LIMIT_PER_ACCOUNT: plain("Logins that may be attempted on one account per 15 minutes", "10"),
  RATE_LIMIT_STORE_DOWN_POLICY: plain(
    "When Redis is unreachable: allow the request, enforce the limits per instance in memory (local), or refuse with 429 (deny)",
    "allow",
  ),
  SHUTDOWN_DRAIN_SECONDS: plain(
    "After SIGTERM: seconds of still serving with /ready at 503 so the load balancer moves away",
    "5",
  ),
  REQUEST_TIMEOUT_SECONDS: plain("Longest request; also the bound on in-flight requests after the server closes", "10"),
  KEEP_ALIVE_TIMEOUT_SECONDS: plain("Idle keep-alive timeout; above the load balancer's 60 s idle timeout", "65"),
} as const satisfies Record<string, SettingDoc>;

export type SettingName = keyof typeof configSettings;

const bool = z.enum(["true", "false"]).transform((value) => value === "true");
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
// 0 lets the OS pick a free port (tests).
const port = int(0, 65535);
const list = z.string().transform((value) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0),
);
const optionalText = z.string().min(1).optional();

/** Raw environment → typed values. Defaults come from the catalogue above, so the two can't drift. */
export const environmentSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]),
    HOST: z.string().min(1),
    PORT: port,
    METRICS_PORT: port,
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" }).optional(),
    DATABASE_HOST: optionalText,
    DATABASE_PORT: port,
    DATABASE_NAME: z.string().min(1),
    DATABASE_USER: z.string().min(1),
    DATABASE_PASSWORD: optionalText,
    DATABASE_PASSWORD_SECRET_ARN: z.string().startsWith("arn:", "must be a Secrets Manager ARN").optional(),
    DATABASE_REPLICA_HOSTS: list.pipe(
      z.array(z.string().regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, "must be a comma-separated list of host[:port]")),
    ),
    DATABASE_SSL: z.enum(["disable", "require", "verify-full"]),
    DATABASE_SSL_CA_FILE: optionalText,
    DATABASE_POOL_MAX: int(1, 200),
    DATABASE_CONNECT_TIMEOUT_MS: int(100, 60_000),
    DATABASE_STATEMENT_TIMEOUT_MS: int(100, 600_000),
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: int(100, 600_000),
    DATABASE_MAX_LIFETIME_SECONDS: int(10, 86_400),
    DATABASE_REPLICA_RETRY_SECONDS: int(1, 3600),
    MIGRATE_ON_START: bool,
    EMBEDDED_DATABASE_DIR: z.string().min(1),
    REDIS_URL: z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }).optional(),
    REDIS_AUTH_TOKEN: optionalText,
    REDIS_COMMAND_TIMEOUT_MS: int(10, 10_000),
    JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    JWT_SECRET_PREVIOUS: z.string().min(32, "must be at least 32 characters").optional(),
    JWT_ISSUER: z.string().min(1),
    JWT_AUDIENCE: z.string().min(1),
    ACCESS_TOKEN_TTL_SECONDS: int(30, 900),
    REFRESH_TOKEN_TTL_DAYS: int(1, 365),
    CORS_ORIGINS: list.pipe(z.array(z.url({ error: "must list full origins such as https://app.example.com" }))),
    TRUST_PROXY: bool,
    BODY_LIMIT_BYTES: int(1024, 10 * 1024 * 1024),
    RATE_LIMIT_POINTS: int(1, 1_000_000),
    RATE_LIMIT_WINDOW_SECONDS: int(1, 86_400),
    SIGNUP_LIMIT_PER_ADDRESS: int(1, 1_000_000),
    LOGIN_LIMIT_PER_ADDRESS: int(1, 1_000_000),
    LOGIN_LIMIT_PER_ACCOUNT: int(1, 1_000_000),
    RATE_LIMIT_STORE_DOWN_POLICY: z.enum(["allow", "local", "deny"]),
    SHUTDOWN_DRAIN_SECONDS: int(0, 300),
    REQUEST_TIMEOUT_SECONDS: int(1, 300),
    KEEP_ALIVE_TIMEOUT_SECONDS: int(61, 3600),
  })
  .strict();

export type Environment = z.infer<typeof environmentSchema>;
