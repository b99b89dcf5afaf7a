// `npm run drill` is the operator's entry: the package.json script reaches drill-command.ts and lists the four
// drills (refusing an unknown drill or flag is the runner's, runbooks/drills/drill-runner.test.ts).
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

  it("lists every drill with --help", async () => {
    const help = await runDrill(["--help"], 60_000, true);
    expect(help.code).toBe(0);
    for (const name of ["pitr", "dump-restore", "promote", "tenant-restore"]) expect(help.stderr).toContain(`${name}:`);
  }, 90_000);
});
