// How the app's pools log in, against a real PostgreSQL that asks for a password (a private cluster with
// scram-sha-256 on loopback; the shared server trusts loopback and would never call the password function):
// - DATABASE_AUTH=iam: every new connection asks the RDS signer (stubbed here) for a token and logs in with it;
// - a Secrets Manager password (stubbed) is cached, and a login refused with 28P01 after a rotation drops the
//   cached value, so the next connection fetches the new one: rotation without a restart.
import { writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DatabaseConfig, PasswordSource } from "../../app/config/app-config.js";
import { loadConfig } from "../../app/config/load-config.js";
import { createPool } from "../../app/platform/database/pool-factory.js";
import { createLogger } from "../../app/platform/logging/logger.js";
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

beforeAll(async () => {
  cluster = await startScratchCluster();
  // The superuser keeps trust (to set passwords); every other login must present its password.
  writeFileSync(
    path.join(cluster.dataDir, "pg_hba.conf"),
    ["local all all trust", "host all postgres 127.0.0.1/32 trust", "host all all 127.0.0.1/32 scram-sha-256"].join(
      "\n",
    ) + "\n",
    { mode: 0o644 },
  );
  admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
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

function poolFor(user: string, password: PasswordSource): pg.Pool {
  const base = loadConfig({ DATABASE_URL: `postgres://${user}@127.0.0.1:${cluster.port}/postgres` }).database;
  const config = { ...base, password } as DatabaseConfig;
  const endpoint = { host: "127.0.0.1", port: cluster.port };
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
      expect(signer.constructed).toEqual([{ hostname: "127.0.0.1", port: cluster.port, username: "iam_user" }]);
      // The server really checks it: a token it does not accept is a failed login.
      signer.token = "forged";
      await expect(freshLogin(pool)).rejects.toMatchObject({ code: "28P01" });
    } finally {
      await pool.end();
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
