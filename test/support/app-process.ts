// Runs an entry point as a real child process (as production does) and waits for it to be ready.
import { spawn, type ChildProcess } from "node:child_process";
import { waitFor } from "./polling.js";

export { freePort } from "./free-port.js";

export interface AppProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export function spawnEntry(entry: string, env: Record<string, string | undefined>): AppProcess {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { child, output: () => output, exited };
}

export async function waitUntilReady(port: number, timeoutMs: number): Promise<void> {
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/ready`)).status === 200, timeoutMs, 100);
}
