// `npm run drill` is the operator's entry: the package.json script reaches drill-command.ts, lists the four drills,
// and refuses an unknown one with exit 2 and a last line that is not a pass.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { drillEntry, repoRoot, runDrill } from "./run-drill.js";

describe("npm run drill", () => {
  it("is the package.json script that runs the drill entry", () => {
    const { scripts } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(scripts.drill).toBe(`tsx ${drillEntry}`);
  });

  it("lists every drill with --help, and refuses an unknown drill", async () => {
    const help = await runDrill(["--help"], 60_000, true);
    expect(help.code).toBe(0);
    for (const name of ["pitr", "dump-restore", "promote", "tenant-restore"]) expect(help.stderr).toContain(`${name}:`);
    const unknown = await runDrill(["region-loss"], 60_000, true);
    expect(unknown.code).toBe(2);
    expect(unknown.figures.result).toBeUndefined();
  }, 90_000);
});
