// The API as its own process (`node --import tsx app/main.ts`, as the container runs app/main.ts), for drills where
// what the process does when its database goes away is part of the story. Ports are free ones; output is kept
// for the failure report.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { drillDatabaseSettings, drillJwtSecret } from "./drill-app.js";
import { freePort } from "./scratch-cluster.js";

const mainEntry = fileURLToPath(new URL("../../../app/main.ts", import.meta.url));

export interface AppProcess {
  baseUrl: string;
  child: ChildProcess;
  /** Whether the process has exited, and how. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  output(): string;
  stop(): Promise<void>;
}

export async function spawnApp(databaseUrl: string, readyWithinMs = 60_000): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", mainEntry], {
    cwd: path.dirname(mainEntry),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      METRICS_PORT: String(await freePort()),
      LOG_LEVEL: "warn",
      ...drillDatabaseSettings(databaseUrl),
      DATABASE_POOL_MAX: "4",
      DATABASE_CONNECT_TIMEOUT_MS: "2000",
      JWT_SECRET: drillJwtSecret,
      SHUTDOWN_DRAIN_SECONDS: "0",
      RATE_LIMIT_POINTS: "1000000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  const app: AppProcess = {
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    exit: () => exited,
    output: () => output,
    async stop() {
      if (exited) return;
      child.kill("SIGTERM");
      const stopped = await Promise.race([done.then(() => true), sleep(15_000).then(() => false)]);
      if (!stopped) child.kill("SIGKILL");
      await done;
    },
  };
  const deadline = Date.now() + readyWithinMs;
  while (!(await isReady(app.baseUrl))) {
    if (exited) throw new Error(`the app exited before it was ready: ${output.slice(-2000)}`);
    if (Date.now() > deadline) {
      await app.stop();
      throw new Error(`the app was not ready within ${readyWithinMs} ms: ${output.slice(-2000)}`);
    }
    await sleep(100);
  }
  return app;
}

async function isReady(baseUrl: string): Promise<boolean> {
  try {
    return (await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(2000) })).status === 200;
  } catch {
    return false;
  }
}
