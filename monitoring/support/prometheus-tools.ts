// Runs Debian's promtool and amtool (packages prometheus and prometheus-alertmanager; .ci/run installs them) and
// says which package to install when one is missing, instead of a bare ENOENT.
import { spawnSync } from "node:child_process";

const packageOf: Record<string, string> = {
  promtool: "prometheus",
  prometheus: "prometheus",
  amtool: "prometheus-alertmanager",
  "prometheus-alertmanager": "prometheus-alertmanager",
};

export interface ToolResult {
  code: number;
  output: string;
}

export function runTool(tool: string, args: readonly string[], cwd?: string): ToolResult {
  const result = spawnSync(tool, args, { cwd, encoding: "utf8", timeout: 120_000 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === "ENOENT")
    throw new Error(`${tool} is not installed: apt-get install ${packageOf[tool] ?? tool} (.ci/run does it)`);
  if (result.error) throw result.error;
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}
