// What a drill is: a name, its options (CLI flags, or DRILL_<NAME> environment variables for secrets), and a run
// that returns its figures. The runner prints them as the last line.
import type { Cleanup } from "./support/cleanup.js";
import type { Figures } from "./support/figures.js";

export interface DrillOption {
  type: "string" | "boolean";
  description: string;
}

export interface DrillContext {
  options: Record<string, string | boolean | undefined>;
  /** Register everything to undo (servers, folders, apps): it runs on success, failure and Ctrl-C alike. */
  cleanup: Cleanup;
  /** A step for the operator, on stderr (stdout is for the figures). */
  progress(message: string): void;
}

export interface Drill {
  name: string;
  summary: string;
  options: Record<string, DrillOption>;
  run(context: DrillContext): Promise<Figures>;
}

export type DrillOptions = DrillContext["options"];

export function stringOption(options: DrillOptions, name: string): string | undefined {
  const value = options[name];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

export function integerOption(options: DrillOptions, name: string, fallback: number, max: number): number {
  const raw = stringOption(options, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`--${name}: expected a whole number from 1 to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}
