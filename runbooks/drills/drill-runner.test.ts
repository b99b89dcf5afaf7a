// The contract of `npm run drill` with drills that do nothing real: figures on the last stdout line, cleanup on
// every path, unknown names and flags refused with usage, DRILL_* variables standing in for string options.
import { describe, expect, it } from "vitest";
import type { Drill } from "./drill-definition.js";
import { runDrillCommand, type RunnerIo } from "./drill-runner.js";

function fakeIo(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: RunnerIo = { out: (line) => out.push(line), err: (line) => err.push(line), env, onSignal: () => () => {} };
  return { io, out, err };
}

function drill(run: Drill["run"]): Drill {
  return {
    name: "fake",
    summary: "a drill for the runner's tests",
    options: { "source-url": { type: "string", description: "where" }, quick: { type: "boolean", description: "q" } },
    run,
  };
}

describe("drill runner", () => {
  it("prints the figures as the last stdout line and undoes what the drill registered", async () => {
    const undone: string[] = [];
    const { io, out, err } = fakeIo({ DRILL_SOURCE_URL: "postgres://from-env" });
    const code = await runDrillCommand(
      [
        drill(async ({ options, cleanup, progress }) => {
          cleanup.add("server", async () => undone.push("server"));
          progress("working");
          return { source: String(options["source-url"]), quick: options.quick === true };
        }),
      ],
      ["fake", "--quick"],
      io,
    );
    expect(code).toBe(0);
    expect(out.at(-1)).toBe("drill=fake result=pass source=postgres://from-env quick=true");
    expect(undone).toEqual(["server"]);
    expect(err.some((line) => line.includes("working"))).toBe(true);
  });

  it("a failing drill still cleans up, ends with result=fail and exits 1", async () => {
    const undone: string[] = [];
    const { io, out } = fakeIo();
    const code = await runDrillCommand(
      [
        drill(async ({ cleanup }) => {
          cleanup.add("first", async () => undone.push("first"));
          cleanup.add("second", async () => {
            undone.push("second");
            throw new Error("already gone");
          });
          throw new Error("rows lost: 3");
        }),
      ],
      ["fake"],
      io,
    );
    expect(code).toBe(1);
    expect(out.at(-1)).toBe('drill=fake result=fail error="rows lost: 3"');
    expect(undone).toEqual(["second", "first"]);
  });

  it("refuses an unknown drill or flag with the usage and exit 2, and a flag beats the environment", async () => {
    const unknown = fakeIo();
    expect(await runDrillCommand([drill(async () => ({}))], ["nope"], unknown.io)).toBe(2);
    expect(unknown.err.join("\n")).toMatch(/usage: npm run drill -- <name>/);
    const badFlag = fakeIo();
    expect(await runDrillCommand([drill(async () => ({}))], ["fake", "--nope"], badFlag.io)).toBe(2);
    const both = fakeIo({ DRILL_SOURCE_URL: "from-env" });
    await runDrillCommand(
      [drill(async ({ options }) => ({ s: String(options["source-url"]) }))],
      ["fake", "--source-url", "flag"],
      both.io,
    );
    expect(both.out.at(-1)).toContain("s=flag");
  });
});
