import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScratchCluster, type ScratchCluster } from "./scratch-cluster.js";

async function scalar(url: string, sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const row = (await client.query(sql)).rows[0] as Record<string, unknown> | undefined;
    return row ? Object.values(row)[0] : undefined;
  } finally {
    await client.end();
  }
}

describe("scratch PostgreSQL cluster", () => {
  let cluster: ScratchCluster;
  beforeAll(async () => {
    cluster = await startScratchCluster({ walArchive: true });
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  it("serves on its own loopback port with WAL archiving on, and keeps committed data across a restart", async () => {
    expect(cluster.port).not.toBe(5432);
    expect(await scalar(cluster.url(), "SHOW archive_mode")).toBe("on");
    await scalar(cluster.url(), "CREATE TABLE kept AS SELECT 42 AS answer");
    await cluster.restart();
    expect(await scalar(cluster.url(), "SELECT answer FROM kept")).toBe(42);
  });

  it("is gone, folder and server, once destroyed", async () => {
    const { existsSync } = await import("node:fs");
    const other = await startScratchCluster();
    await other.destroy();
    expect(existsSync(other.root)).toBe(false);
    await expect(scalar(other.url(), "SELECT 1")).rejects.toThrow(/ECONNREFUSED/);
  });

  it("started from a copied data directory, keeps the copy's own settings, adds its own, and never archives into the source", async () => {
    const source = await startScratchCluster({ walArchive: true, settings: { work_mem: "7MB" } });
    try {
      await source.stop("fast");
      const copy = await startScratchCluster({ fromDataDir: source.dataDir, settings: { temp_buffers: "16MB" } });
      try {
        expect(copy.port).not.toBe(source.port);
        expect(await scalar(copy.url(), "SHOW work_mem")).toBe("7MB");
        expect(await scalar(copy.url(), "SHOW temp_buffers")).toBe("16MB");
        expect(await scalar(copy.url(), "SHOW archive_mode")).toBe("off");
      } finally {
        await copy.destroy();
      }
    } finally {
      await source.destroy();
    }
  });
});
