// Starting and watching the measured servers, each in its own process: the compiled API (`node dist/app/main.js`)
// and the floors (`node bench/floor-server.ts <kind>`). The bench process only generates load and reads the
// servers' CPU time and memory from /proc (Linux), so nothing it does is counted as the servers' work.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

export interface ServerProcess {
  url: string;
  pid: number;
  /** Milliseconds from spawn until `readyPath` first answered 200. */
  startMs: number;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  args: string[];
  env: NodeJS.ProcessEnv;
  /** The path polled until it answers 200 (the API's /ready; a floor's /). */
  readyPath: string;
  port: number;
  /** Node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
}

export { freePort } from "../test/support/free-port.js";

export async function startServer(options: SpawnOptions): Promise<ServerProcess> {
  const startedAt = performance.now();
  // Request logs go to /dev/null: writing them is part of each request's cost, keeping them is not.
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...options.args], {
    env: options.env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${options.args.join(" ")} exited at start: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${options.args.join(" ")} not ready within 30 s: ${stderr}`);
    }
    const ok = await fetch(`${url}${options.readyPath}`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return {
    url,
    pid: child.pid as number,
    startMs: performance.now() - startedAt,
    stop: () => stopChild(child),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  await exited;
  clearTimeout(timer);
}

const ticksPerSecond = 100;

/** User + system CPU time of a process so far, in microseconds (0 once it is gone). */
export function cpuMicroseconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / ticksPerSecond;
  } catch {
    return 0;
  }
}

/** Resident set size of a process, in MB. */
export function rssMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kilobytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kilobytes / 1024;
}
