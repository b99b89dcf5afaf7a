// Process helpers for the runtime-stage test: free ports, an unprivileged identity, bounded waits, and a
// listing of a folder tree to prove that nothing in it changed.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { lstatSync, readdirSync } from "node:fs";
import path from "node:path";

/**
 * The image's own user (its USER, 1000:1000) when the tests run as root (this machine); otherwise the current user,
 * see the test's header. The image's user, not nobody: the compile cache the build writes is named for it.
 */
export function unprivilegedIdentity(): { uid: number; gid: number } | undefined {
  return process.getuid?.() === 0 ? { uid: 1000, gid: 1000 } : undefined;
}

export { freePort } from "../support/free-port.js";

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion within `timeoutMs` (then SIGKILL), collecting its output. */
export function runToExit(
  command: string,
  args: string[],
  options: SpawnOptions,
  timeoutMs: number,
): Promise<ExitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Resolves with the exit of `child`, or with undefined when it is still running after `timeoutMs`. */
export function waitForExit(
  child: ChildProcess,
  timeoutMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null } | undefined> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

/** Polls `url` until it answers `status`, the child exits, or `timeoutMs` passes; reports which. */
export async function waitForStatus(
  url: string,
  status: number,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the process exited (${child.exitCode ?? child.signalCode}) before ${url} answered ${status}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === status) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})`);
}

/** Every entry under `root` with its type, size and modification time, sorted: equal listings, unchanged tree. */
export function listTree(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .map((relative) => {
      const stats = lstatSync(path.join(root, relative));
      const kind = stats.isDirectory() ? "d" : stats.isSymbolicLink() ? "l" : "f";
      return `${kind} ${relative} ${stats.isDirectory() ? "" : stats.size} ${stats.mtimeMs}`;
    })
    .sort();
}
