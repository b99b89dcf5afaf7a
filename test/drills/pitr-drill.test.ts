// `npm run drill -- pitr` as an operator runs it: nothing committed up to the target is lost, nothing after it
// leaks into the copy, and the figures the runbook quotes are printed on the last line.
import { describe, expect, it } from "vitest";
import { failureReport, figure, runDrill } from "./run-drill.js";

describe("drill pitr", () => {
  it("recovers a copy to the target time with 0 rows lost and prints its figures last", async () => {
    const run = await runDrill(["pitr"], 170_000);
    expect(run.code, failureReport(run)).toBe(0);
    expect(run.figures).toMatchObject({
      drill: "pitr",
      result: "pass",
      rows_lost: "0",
      rows_after_target_in_copy: "0",
    });
    // Two organizations of 4 cases and 8 tasks, their users, memberships, audit rows, migrations…
    expect(figure(run, "rows_at_target")).toBeGreaterThan(2 * (4 + 8));
    expect(figure(run, "tables")).toBeGreaterThanOrEqual(8);
    expect(figure(run, "disaster_deleted_cases")).toBe(4);
    expect(figure(run, "cases_served_from_copy")).toBe(4);
    expect(figure(run, "wal_segments_archived")).toBeGreaterThan(0);
    expect(figure(run, "recover_seconds")).toBeGreaterThan(0);
    expect(figure(run, "recover_seconds")).toBeLessThan(120);
  }, 180_000);
});
