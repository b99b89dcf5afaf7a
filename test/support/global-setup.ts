// Runs once per `npm test`: proves PostgreSQL and Redis answer (failing, never skipping, when they do not),
// creates a throw-away database for this run and hands both addresses to the tests through `inject`.
import { randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";
import type { TestProject } from "vitest/node";
import type {} from "vitest";

const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseAdminUrl: string;
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await assertRedisAnswers(redisUrl);
  const databaseName = `rusty_test_${randomBytes(4).toString("hex")}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${databaseName}`));
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${databaseName}`;
  project.provide("databaseUrl", databaseUrl.toString());
  project.provide("databaseAdminUrl", adminUrl);
  project.provide("redisUrl", redisUrl);
  return async () => {
    await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`));
  };
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is required by the test suite and did not answer at ${redactUrl(adminUrl)} ` +
        `(start it, or set TEST_DATABASE_ADMIN_URL): ${(error as Error).message}`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function assertRedisAnswers(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const fail = (reason: string) => {
      socket.destroy();
      reject(
        new Error(
          `Redis is required by the test suite and did not answer at ${redactUrl(url)} (start it, or set TEST_REDIS_URL): ${reason}`,
        ),
      );
    };
    socket.setTimeout(3000, () => fail("timeout"));
    socket.once("error", (error) => fail(error.message));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.end();
      if (data.toString().startsWith("+PONG")) resolve();
      else fail(`unexpected reply ${JSON.stringify(data.toString().trim())}`);
    });
  });
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
