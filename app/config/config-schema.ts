// Every environment variable the API reads, each declared once: what it means, the type and bounds of its value
// (a zod schema over the raw string), its default as written in the environment, and whether it is a secret
// (which also allows it as `<NAME>_FILE`). The environment schema, the types of the config (app-config.ts) and
// the README's settings table are all derived from this list; a test holds the README to it both ways.
import { z } from "zod";

export interface Setting<S extends z.ZodType = z.ZodType> {
  description: string;
  schema: S;
  /** The value when the variable is unset, written as it would be in the environment. */
  default?: string;
  /** Never printed; may also be given as `<NAME>_FILE`, a path whose contents (trailing newline trimmed) are the value. */
  secret: boolean;
}

const optional = <S extends z.ZodType>(description: string, schema: S) => ({ description, schema, secret: false });
const defaulted = <S extends z.ZodType>(description: string, schema: S, fallback: string) => ({
  description,
  schema,
  default: fallback,
  secret: false,
});
const secret = <S extends z.ZodType>(description: string, schema: S) => ({ description, schema, secret: true });

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
const text = z.string().min(1);
const signingKey = z.string().min(32, "must be at least 32 characters");

export const settings = {
  NODE_ENV: defaulted(
    "development, test or production; production forbids the embedded database and demands JWT_SECRET",
    z.enum(["development", "test", "production"]),
    "development",
  ),
  HOST: defaulted("Interface the API and metrics servers bind to", text, "0.0.0.0"),
  PORT: defaulted("Port of the API (the load balancer's target)", port, "3000"),
  METRICS_PORT: defaulted(
    "Port serving only GET /metrics (Prometheus); never routed by the load balancer",
    port,
    "9464",
  ),
  LOG_LEVEL: defaulted(
    "pino level: fatal, error, warn, info, debug, trace or silent",
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
    "info",
  ),
  DATABASE_URL: secret(
    "Full PostgreSQL URL of the primary; unset (with DATABASE_HOST unset) runs the embedded PGlite database",
    z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" }),
  ),
  DATABASE_HOST: optional("PostgreSQL primary host, the alternative to DATABASE_URL", text),
  DATABASE_PORT: defaulted("PostgreSQL port for the primary and replicas", port, "5432"),
  DATABASE_NAME: defaulted("PostgreSQL database name", text, "postgres"),
  DATABASE_USER: defaulted(
    "PostgreSQL user the app runs as: its own login role (rusty_api, made by the migrations), never the owner; refused in production when it can change the schema",
    text,
    "postgres",
  ),
  DATABASE_AUTH: defaulted(
    "How DATABASE_USER authenticates: password (DATABASE_PASSWORD, its _FILE, DATABASE_PASSWORD_SECRET_ARN or the URL) or iam (an RDS IAM token signed per new connection; no password anywhere)",
    z.enum(["password", "iam"]),
    "password",
  ),
  DATABASE_PASSWORD: secret(
    "PostgreSQL password; with _FILE the file is re-read for every new connection so a rotated password needs no restart",
    text,
  ),
  DATABASE_PASSWORD_SECRET_ARN: optional(
    "AWS Secrets Manager secret holding the password (JSON key `password`), fetched per new connection with a short cache",
    z.string().startsWith("arn:", "must be a Secrets Manager ARN"),
  ),
  DATABASE_MIGRATION_USER: optional(
    "Owner role migrations run as (MIGRATE_ON_START, npm run db:migrate); unset, they use DATABASE_USER's credentials",
    text,
  ),
  DATABASE_MIGRATION_PASSWORD: secret("Password of DATABASE_MIGRATION_USER", text),
  DATABASE_MIGRATION_PASSWORD_SECRET_ARN: optional(
    "AWS Secrets Manager secret holding DATABASE_MIGRATION_USER's password (JSON key `password`), fetched for the migration only",
    z.string().startsWith("arn:", "must be a Secrets Manager ARN"),
  ),
  DATABASE_REPLICA_HOSTS: defaulted(
    "Comma-separated host[:port] list of read replicas (same database, user and password)",
    list.pipe(
      z.array(z.string().regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, "must be a comma-separated list of host[:port]")),
    ),
    "",
  ),
  DATABASE_SSL: defaulted(
    "TLS to PostgreSQL: disable, require (encrypted) or verify-full (with DATABASE_SSL_CA_FILE)",
    z.enum(["disable", "require", "verify-full"]),
    "disable",
  ),
  DATABASE_SSL_CA_FILE: optional("PEM bundle that signs the database certificate, for DATABASE_SSL=verify-full", text),
  DATABASE_POOL_MAX: defaulted("Connections per pool (primary and each replica)", int(1, 200), "10"),
  DATABASE_CONNECT_TIMEOUT_MS: defaulted(
    "Time allowed to open a connection; also bounds how long a request waits when the primary is gone",
    int(100, 60_000),
    "2000",
  ),
  DATABASE_STATEMENT_TIMEOUT_MS: defaulted("statement_timeout of every connection", int(100, 600_000), "5000"),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: defaulted(
    "idle_in_transaction_session_timeout of every connection",
    int(100, 600_000),
    "10000",
  ),
  DATABASE_MAX_LIFETIME_SECONDS: defaulted(
    "A connection is retired after this many seconds (spreads load after a failover)",
    int(10, 86_400),
    "1800",
  ),
  DATABASE_REPLICA_RETRY_SECONDS: defaulted(
    "After a replica fails, reads go to the primary for this long before the replica is tried again",
    int(1, 3600),
    "30",
  ),
  MIGRATE_ON_START: defaulted(
    "Apply pending migrations at start, under an advisory lock, before serving",
    bool,
    "true",
  ),
  EMBEDDED_DATABASE_DIR: defaulted("Data folder of the embedded database (git-ignored)", text, ".data/pglite"),
  REDIS_URL: optional(
    "Redis URL (redis:// or rediss:// for TLS); unset keeps rate limits and caches in memory",
    z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }),
  ),
  REDIS_AUTH_TOKEN: secret("Redis AUTH password (ElastiCache auth token)", text),
  REDIS_KEY_PREFIX: defaulted(
    "Prefix of every Redis key the API writes (rate-limit counters, caches), so that environments or test runs sharing one Redis never meet",
    z.string().regex(/^[A-Za-z0-9:._-]{1,64}$/, "must be 1–64 letters, digits or : . _ -"),
    "rusty-saas:",
  ),
  REDIS_COMMAND_TIMEOUT_MS: defaulted(
    "Longest wait for Redis before a rate-limit or cache call gives up",
    int(10, 10_000),
    "100",
  ),
  JWT_SECRET: secret(
    "HS256 key signing access tokens (at least 32 characters); generated per process outside production",
    signingKey,
  ),
  JWT_SECRET_PREVIOUS: secret(
    "The previous signing key, still accepted for verification during a rotation",
    signingKey,
  ),
  JWT_ISSUER: defaulted("iss claim of access tokens", text, "rusty-saas"),
  JWT_AUDIENCE: defaulted("aud claim of access tokens", text, "rusty-saas-api"),
  ACCESS_TOKEN_TTL_SECONDS: defaulted("Lifetime of an access token (at most 900)", int(30, 900), "900"),
  REFRESH_TOKEN_TTL_DAYS: defaulted("Lifetime of a refresh token family", int(1, 365), "30"),
  REFRESH_TOKEN_REUSE_GRACE_SECONDS: defaulted(
    "Seconds in which a used refresh token presented again gets its successor once more (two tabs racing); after them, or with 0, reuse revokes the family",
    int(0, 60),
    "10",
  ),
  CORS_ORIGINS: defaulted(
    "Comma-separated origins allowed by CORS; empty allows none",
    list.pipe(z.array(z.url({ error: "must list full origins such as https://app.example.com" }))),
    "",
  ),
  TRUST_PROXY: defaulted(
    "true behind a load balancer: take the client address from the last X-Forwarded-For hop only",
    bool,
    "false",
  ),
  BODY_LIMIT_BYTES: defaulted("Largest accepted JSON body", int(1024, 10 * 1024 * 1024), "102400"),
  RATE_LIMIT_POINTS: defaulted("Requests a client may make per window (global limit)", int(1, 1_000_000), "600"),
  RATE_LIMIT_WINDOW_SECONDS: defaulted("Window of the global limit", int(1, 86_400), "60"),
  SIGNUP_LIMIT_PER_ADDRESS: defaulted("Signups one client address may attempt per hour", int(1, 1_000_000), "10"),
  LOGIN_LIMIT_PER_ADDRESS: defaulted("Logins one client address may attempt per 5 minutes", int(1, 1_000_000), "30"),
  LOGIN_LIMIT_PER_ACCOUNT: defaulted(
    "Logins that may be attempted on one account per 15 minutes",
    int(1, 1_000_000),
    "10",
  ),
  RATE_LIMIT_STORE_DOWN_POLICY: defaulted(
    "When Redis is unreachable: allow the request, enforce the limits per instance in memory (local), or refuse with 429 (deny)",
    z.enum(["allow", "local", "deny"]),
    "allow",
  ),
  SHUTDOWN_DRAIN_SECONDS: defaulted(
    "After SIGTERM: seconds of still serving with /ready at 503 so the load balancer moves away",
    int(0, 300),
    "5",
  ),
  REQUEST_TIMEOUT_SECONDS: defaulted(
    "Longest request; also the bound on in-flight requests after the server closes",
    int(1, 300),
    "10",
  ),
  KEEP_ALIVE_TIMEOUT_SECONDS: defaulted(
    "Idle keep-alive timeout; above the load balancer's 60 s idle timeout",
    int(61, 3600),
    "65",
  ),
} satisfies Record<string, Setting>;

type Settings = typeof settings;
export type SettingName = keyof Settings;

/** The variable a setting may also be given as, holding a path: secrets only. */
export function fileFormOf(name: SettingName): string | undefined {
  return settings[name].secret ? `${name}_FILE` : undefined;
}

type EnvironmentShape = {
  [K in SettingName]: Settings[K] extends { default: string }
    ? Settings[K]["schema"]
    : z.ZodOptional<Settings[K]["schema"]>;
};

/** Raw environment → typed values; a setting without a default may be absent. */
export const environmentSchema = z
  .object(
    Object.fromEntries(
      Object.entries(settings).map(([name, setting]: [string, Setting]) => [
        name,
        setting.default === undefined ? setting.schema.optional() : setting.schema,
      ]),
    ) as EnvironmentShape,
  )
  .strict();

export type Environment = z.infer<typeof environmentSchema>;
