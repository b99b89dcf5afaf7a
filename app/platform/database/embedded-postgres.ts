// `npm start` with no DATABASE_URL: PGlite (PostgreSQL compiled to WASM) served over a loopback socket, so the
// app talks to it with the same pg pools it uses in production. Known limits (docs/architecture.md, "The embedded
// database"): one shared session behind all connections, statement_timeout not enforced, everything runs as
// superuser.
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import type { DatabaseEndpoint } from "../../config/app-config.js";

export interface EmbeddedPostgres {
  endpoint: DatabaseEndpoint;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
  await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections });
  await server.start();
  const [host = "127.0.0.1", port = ""] = server.getServerConn().split(":");
  return {
    endpoint: { host, port: Number(port) },
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
