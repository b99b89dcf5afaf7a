// PostgreSQL's client programs (pg_dump, pg_restore, pg_dumpall, psql) run as the current OS user against a
// connection URL, so the same call works on a scratch cluster and on RDS. Passwords come from the URL, PGPASSWORD
// or ~/.pgpass (libpq), never from an argument of their own.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { postgresBinDir } from "./scratch-cluster.js";

const execFileAsync = promisify(execFile);

export interface ToolResult {
  stdout: string;
  stderr: string;
}

export async function runClientTool(binary: string, args: string[]): Promise<ToolResult> {
  try {
    return await execFileAsync(clientProgram(binary), args, {
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, PGCONNECT_TIMEOUT: "10" },
    });
  } catch (error) {
    const failure = error as Error & { stderr?: string };
    throw new Error(`${binary} failed: ${(failure.stderr ?? failure.message).trim()}`);
  }
}

/** The server's own bin folder where it exists (client and server of one version), else the PATH (a laptop). */
function clientProgram(binary: string): string {
  try {
    return path.join(postgresBinDir(), binary);
  } catch {
    return binary;
  }
}
