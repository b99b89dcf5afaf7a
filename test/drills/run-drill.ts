// Runs a drill the way `npm run drill -- <name> …` does (the script's entry, `runbooks/drills/drill-command.ts`
// through tsx, as a child process from the repository root), and parses the figures from its last stdout line.
// The entry is started directly: npm and tsx's CLI would add two node processes per drill on a loaded machine;
// drill-command.test.ts proves the npm script reaches the same entry. Bounded: a drill that hangs gets SIGTERM
// (it cleans its scratch clusters up) and the test fails.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseFigures } from "../../runbooks/drills/support/figures.js";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface DrillRun {
  code: number | null;
  stdout: string;
  stderr: string;
  lastLine: string;
  figures: Record<string, string>;
  seconds: number;
}

export const drillEntry = "runbooks/drills/drill-command.ts";

export function runDrill(args: string[], timeoutMs: number, viaNpm = false): Promise<DrillRun> {
  const started = performance.now();
  const [command, commandArgs] = viaNpm
    ? ["npm", ["run", "--silent", "drill", "--", ...args]]
    : [process.execPath, ["--import", "tsx", drillEntry, ...args]];
  const child = spawn(command, commandArgs, {
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
