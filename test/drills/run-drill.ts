// Runs a drill exactly as an operator does, `npm run --silent drill -- <name> …`, as a child process from the
// repository root, and parses the figures from its last stdout line. Bounded: a drill that hangs is killed
// (SIGTERM first, so it cleans its scratch clusters up) and the test fails.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseFigures } from "../../runbooks/drills/support/figures.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface DrillRun {
  code: number | null;
  stdout: string;
  stderr: string;
  lastLine: string;
  figures: Record<string, string>;
  seconds: number;
}

export function runDrill(args: string[], timeoutMs: number): Promise<DrillRun> {
  const started = performance.now();
  const child = spawn("npm", ["run", "--silent", "drill", "--", ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => {
    stderr += `\n[test] drill still running after ${timeoutMs} ms: SIGTERM`;
    child.kill("SIGTERM");
  }, timeoutMs);
  return new Promise((resolve) =>
    child.once("close", (code) => {
      clearTimeout(timer);
      const lastLine = stdout.trim().split("\n").at(-1) ?? "";
      const seconds = (performance.now() - started) / 1000;
      resolve({ code, stdout, stderr, lastLine, figures: parseFigures(lastLine), seconds });
    }),
  );
}

/** A figure as a number (NaN when absent), for assertions that read like the runbook's table. */
export function figure(run: DrillRun, name: string): number {
  return Number(run.figures[name] ?? Number.NaN);
}

/** What to print when a drill did not pass: its last stderr lines. */
export function failureReport(run: DrillRun): string {
  return `exit ${run.code}; last line: ${run.lastLine}\n${run.stderr.split("\n").slice(-40).join("\n")}`;
}
