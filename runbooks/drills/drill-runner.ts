// Runs one drill for `npm run drill`: parses its flags (unknown ones are refused), prints progress on stderr and the
// figures as the last stdout line (`drill=<name> result=pass|fail …`), undoes everything on success, failure or a
// signal, and answers the exit code: 0 pass, 1 fail, 2 bad usage.
import { parseArgs } from "node:util";
import type { Drill } from "./drill-definition.js";
import { recentAppLog } from "./support/drill-app.js";
import { Cleanup } from "./support/cleanup.js";
import { formatFigures } from "./support/figures.js";

export interface RunnerIo {
  out(line: string): void;
  err(line: string): void;
  /** Environment variables the entry point passes on (DRILL_* only). */
  env: Record<string, string | undefined>;
  /**
   * Registers a handler for SIGINT/SIGTERM and for an error nothing caught (reported as "uncaught"); returns a
   * function that removes it.
   */
  onSignal(handler: (signal: NodeJS.Signals | "uncaught", error?: unknown) => void): () => void;
}

export async function runDrillCommand(drills: Drill[], argv: string[], io: RunnerIo): Promise<number> {
  const [name, ...rest] = argv;
  const drill = drills.find((candidate) => candidate.name === name);
  if (!drill || rest.includes("--help")) {
    io.err(usage(drills, drill));
    return drill || name === "--help" ? 0 : 2;
  }
  let options: Record<string, string | boolean | undefined>;
  try {
    options = { ...optionsFromEnv(drill, io.env), ...parseArgs({ args: rest, options: drill.options }).values };
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${usage(drills, drill)}`);
    return 2;
  }
  const started = performance.now();
  const cleanup = new Cleanup();
  const progress = (message: string) =>
    io.err(`[drill ${drill.name} +${((performance.now() - started) / 1000).toFixed(1)}s] ${message}`);
  let interrupted = false;
  const removeSignal = io.onSignal((signal, error) => {
    // A second error while cleaning up must not start a second cleanup (or stop the first).
    if (interrupted) return;
    interrupted = true;
    progress(`${signal === "uncaught" ? `uncaught error: ${String(error)}` : signal}: cleaning up`);
    const code = signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : 1;
    void cleanup.run().finally(() => {
      if (code === 1) io.out(formatFigures({ drill: drill.name, result: "fail", error: String(error) }));
      process.exit(code);
    });
  });
  try {
    const figures = await drill.run({ options, cleanup, progress });
    await finish(cleanup, progress);
    io.out(formatFigures({ drill: drill.name, result: "pass", ...figures }));
    return 0;
  } catch (error) {
    io.err(`${drill.name} failed: ${(error as Error).stack ?? String(error)}`);
    for (const line of recentAppLog()) io.err(`  app: ${line}`);
    await finish(cleanup, progress);
    io.out(formatFigures({ drill: drill.name, result: "fail", error: (error as Error).message.split("\n")[0] ?? "" }));
    return 1;
  } finally {
    removeSignal();
  }
}

async function finish(cleanup: Cleanup, progress: (message: string) => void): Promise<void> {
  for (const failure of await cleanup.run()) progress(`cleanup failed: ${failure}`);
}

/** `--live-url` may come as DRILL_LIVE_URL, so passwords stay out of shell history and `ps`. */
function optionsFromEnv(drill: Drill, env: Record<string, string | undefined>): Record<string, string> {
  const options: Record<string, string> = {};
  for (const [option, definition] of Object.entries(drill.options)) {
    const value = env[envName(option)];
    if (definition.type === "string" && value) options[option] = value;
  }
  return options;
}

export function envName(option: string): string {
  return `DRILL_${option.toUpperCase().replaceAll("-", "_")}`;
}

function usage(drills: Drill[], drill: Drill | undefined): string {
  const shown = drill ? [drill] : drills;
  const lines = ["usage: npm run drill -- <name> [options]   (last stdout line: the figures)", ""];
  for (const each of shown) {
    lines.push(`${each.name}: ${each.summary}`);
    for (const [option, definition] of Object.entries(each.options)) {
      const form = definition.type === "string" ? `--${option} <value>` : `--${option}`;
      const env = definition.type === "string" ? ` (or ${envName(option)})` : "";
      lines.push(`    ${form.padEnd(28)} ${definition.description}${env}`);
    }
  }
  return lines.join("\n");
}
