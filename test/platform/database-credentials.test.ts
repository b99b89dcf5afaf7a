// How the app's pools log in, against a real PostgreSQL that asks for a password (a private cluster with
// scram-sha-256 on loopback; the shared server trusts loopback and would never call the password function):
// - DATABASE_AUTH=iam: every new connection asks the RDS signer (stubbed here) for a token and logs in with it;
//   end to end from the settings ECS gives, over TLS verified as on RDS (DATABASE_SSL=verify-full against a CA
//   file; the server's certificate is signed by a CA made here, like RDS's by the bundle in the image);
// - a Secrets Manager password (stubbed) is cached, and a login refused with 28P01 after a rotation drops the
//   cached value, so the next connection fetches the new one: rotation without a restart.
import { execFileSync } from "node:child_process";
import { chownSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DatabaseConfig, PasswordSource } from "../../app/config/app-config.js";
import { loadConfig } from "../../app/config/load-config.js";
import { openDatabase } from "../../app/platform/database/open-database.js";
import { createPool } from "../../app/platform/database/pool-factory.js";
import { createLogger } from "../../app/platform/logging/logger.js";
import { createMetrics } from "../../app/platform/metrics/metrics.js";
import { startScratchCluster, type ScratchCluster } from "../../runbooks/drills/support/scratch-cluster.js";

const signer = vi.hoisted(() => ({
  token: "",
  constructed: [] as unknown[],
  tokensSigned: 0,
}));
vi.mock("@aws-sdk/rds-signer", () => ({
  Signer: class {
    constructor(configuration: unknown) {
      signer.constructed.push(configuration);
    }
    async getAuthToken(): Promise<string> {
      signer.tokensSigned += 1;
      return signer.token;
    }
  },
}));

const secrets = vi.hoisted(() => ({ password: "", fetches: 0 }));
vi.mock("@aws-sdk/client-secrets-manager", () => ({
  SecretsManagerClient: class {
    async send(): Promise<{ SecretString: string }> {
      secrets.fetches += 1;
      return { SecretString: JSON.stringify({ username: "rotated_user", password: secrets.password }) };
    }
    destroy(): void {}
  },
  GetSecretValueCommand: class {
    constructor(readonly input: unknown) {}
  },
}));

let cluster: ScratchCluster;
let admin: pg.Client;
/** The CA that signed the server's certificate (for `localhost` only), and one that did not. */
let caFile: string;
let otherCaFile: string;

/** A CA, and a server key and certificate for `localhost` signed by it, in the cluster's data folder. */
function makeCertificates(folder: string): { ca: string; otherCa: string } {
  const file = (name: string) => path.join(folder, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
  for (const ca of ["ca", "other-ca"])
    openssl(
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      `/CN=rusty test ${ca}`,
      "-keyout",
      file(`${ca}.key`),
      "-out",
      file(`${ca}.pem`),
    );
  openssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=localhost",
    "-keyout",
    file("server.key"),
    "-out",
    file("server.csr"),
  );
  writeFileSync(file("server.ext"), "subjectAltName=DNS:localhost\n");
  openssl(
    "x509",
    "-req",
    "-in",
    file("server.csr"),
    "-CA",
    file("ca.pem"),
    "-CAkey",
    file("ca.key"),
    "-CAcreateserial",
    "-days",
    "1",
    "-extfile",
    file("server.ext"),
    "-out",
    file("server.crt"),
  );
  // PostgreSQL refuses a key others may read, and reads it as the cluster's OS user.
  const { uid, gid } = statSync(folder);
  for (const name of ["server.key", "server.crt"]) chownSync(file(name), uid, gid);
  execFileSync("chmod", ["0600", file("server.key")]);
  return { ca: file("ca.pem"), otherCa: file("other-ca.pem") };
}

beforeAll(async () => {
  cluster = await startScratchCluster();
  ({ ca: caFile, otherCa: otherCaFile } = makeCertificates(cluster.dataDir));
  // The superuser keeps trust (to set passwords); every other login must present its password, and iam_user only
  // over TLS, as RDS takes IAM tokens.
  const hba = [
    "local all all trust",
    "host all postgres 127.0.0.1/32 trust",
    "hostssl all iam_user 127.0.0.1/32 scram-sha-256",
    "hostnossl all iam_user 127.0.0.1/32 reject",
    "host all all 127.0.0.1/32 scram-sha-256",
  ];
  writeFileSync(path.join(cluster.dataDir, "pg_hba.conf"), hba.join("\n") + "\n", { mode: 0o644 });
  admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query("ALTER SYSTEM SET ssl = on");
  await admin.query("SELECT pg_reload_conf()");
  await admin.query("CREATE ROLE iam_user LOGIN PASSWORD 'token-one'");
  await admin.query("CREATE ROLE rotated_user LOGIN PASSWORD 'before-rotation'");
}, 120_000);
afterAll(async () => {
  await admin?.end();
  await cluster?.destroy();
});
beforeEach(() => {
  signer.constructed.length = 0;
  signer.tokensSigned = 0;
  secrets.fetches = 0;
});

/** A pool as the app makes them; over verified TLS to `localhost` (the certificate's name) for IAM tokens. */
function poolFor(user: string, password: PasswordSource): pg.Pool {
  const tls = password.kind === "iam";
  const host = tls ? "localhost" : "127.0.0.1";
  const base = loadConfig({
    DATABASE_URL: `postgres://${user}@${host}:${cluster.port}/postgres`,
    ...(tls ? { DATABASE_SSL: "verify-full", DATABASE_SSL_CA_FILE: caFile } : {}),
  }).database;
  const config = { ...base, password } as DatabaseConfig;
  const endpoint = { host, port: cluster.port };
  return createPool(
    { name: "primary", endpoint, database: "postgres", user },
    { config, password, log: createLogger("silent"), onConnectionError: () => undefined },
  );
}

/** Opens a new connection, asks who it is, and closes it (so the next call opens another). */
async function freshLogin(pool: pg.Pool): Promise<string> {
  const client = await pool.connect();
  try {
    return (await client.query<{ user: string }>("SELECT current_user AS user")).rows[0]?.user ?? "";
  } finally {
    client.release(true);
  }
}

describe("DATABASE_AUTH=iam", () => {
  it("signs a token for the pool's host, port and user on every new connection, and logs in with it", async () => {
    const pool = poolFor("iam_user", { kind: "iam" });
    try {
      signer.token = "token-one";
      expect(await freshLogin(pool)).toBe("iam_user");
      expect(await freshLogin(pool)).toBe("iam_user");
      expect(signer.tokensSigned).toBe(2);
      expect(signer.constructed).toEqual([{ hostname: "localhost", port: cluster.port, username: "iam_user" }]);
      // The server really checks it: a token it does not accept is a failed login.
      signer.token = "forged";
      await expect(freshLogin(pool)).rejects.toMatchObject({ code: "28P01" });
    } finally {
      await pool.end();
    }
  });
});

describe("DATABASE_AUTH=iam from the settings ECS gives, over verified TLS", () => {
  const settings = (overrides: Record<string, string> = {}) => ({
    DATABASE_HOST: "localhost",
    DATABASE_PORT: String(cluster.port),
    DATABASE_USER: "iam_user",
    DATABASE_AUTH: "iam",
    DATABASE_SSL: "verify-full",
    DATABASE_SSL_CA_FILE: caFile,
    MIGRATE_ON_START: "false",
    ...overrides,
  });
  const openWith = async (overrides?: Record<string, string>) =>
    openDatabase(
      loadConfig(settings(overrides)).database,
      createLogger("silent"),
      createMetrics(() => []),
    );

  it("logs in with a token signed for the configured host, over TLS whose certificate the CA file verifies", async () => {
    signer.token = "token-one";
    const { database, close } = await openWith();
    try {
      const row = await database.session().readPrimary(async (db) => {
        const { rows } = await db.query(
          "SELECT current_user AS user, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        );
        return rows[0];
      });
      expect(row).toEqual({ user: "iam_user", ssl: true });
      expect(signer.constructed).toEqual([{ hostname: "localhost", port: cluster.port, username: "iam_user" }]);
      expect(signer.tokensSigned).toBe(1);
    } finally {
      await close();
    }
  });

  it.each([
    [
      "a certificate no CA in the file signed",
      { DATABASE_SSL_CA_FILE: "other" },
      /self[- ]signed certificate|unable to verify|unable to get local issuer/,
    ],
    ["a certificate for another name", { DATABASE_HOST: "127.0.0.1" }, /does not match|not in the cert's/i],
  ])("refuses %s, before any token is sent", async (_case, overrides, message) => {
    signer.token = "token-one";
    const resolved = { ...overrides } as Record<string, string>;
    if (resolved.DATABASE_SSL_CA_FILE === "other") resolved.DATABASE_SSL_CA_FILE = otherCaFile;
    const { database, close } = await openWith(resolved);
    try {
      await expect(database.pingPrimary()).rejects.toThrow(message);
      expect(signer.tokensSigned).toBe(0);
    } finally {
      await close();
    }
  });
});

describe("a password from Secrets Manager", () => {
  it("is fetched again as soon as the server refuses the cached one (28P01), so a rotation needs no restart", async () => {
    const pool = poolFor("rotated_user", { kind: "secrets-manager", secretArn: "arn:aws:secretsmanager:x" });
    try {
      secrets.password = "before-rotation";
      expect(await freshLogin(pool)).toBe("rotated_user");
      expect(await freshLogin(pool)).toBe("rotated_user");
      expect(secrets.fetches).toBe(1); // cached between connections
      // The rotation: the database and the secret change; the app still holds the old value in its cache.
      await admin.query("ALTER ROLE rotated_user PASSWORD 'after-rotation'");
      secrets.password = "after-rotation";
      await expect(freshLogin(pool)).rejects.toMatchObject({ code: "28P01" });
      expect(await freshLogin(pool)).toBe("rotated_user");
      expect(secrets.fetches).toBe(2);
    } finally {
      await pool.end();
    }
  });
});
