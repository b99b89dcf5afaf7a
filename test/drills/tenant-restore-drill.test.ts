// `npm run drill -- tenant-restore`: the everyday restore. Cases and audit rows an errant script deleted come back
// from a point-in-time copy, work done after the disaster stays (merge), every other organization is unchanged
// row for row, a dry run (replace) changes nothing, and an erasure made after the target stays applied.
import { describe, expect, it } from "vitest";
import { failureReport, figure, runDrill } from "./run-drill.js";

describe("drill tenant-restore", () => {
  it("brings one organization's deleted cases and audit rows back without touching the others", async () => {
    const run = await runDrill(["tenant-restore"], 170_000);
    expect(run.code, failureReport(run)).toBe(0);
    expect(run.figures).toMatchObject({
      drill: "tenant-restore",
      result: "pass",
      scenario: "cases-deleted",
      mode: "merge",
      organization_recreated: "false",
      other_rows_changed: "0",
      erased_member_traces: "0",
      restore_events_via_api: "1",
      kept_after_target: "1",
      dry_run_mode: "replace",
    });
    expect(figure(run, "other_rows_checked")).toBeGreaterThan(0);
    // Two cases deleted by the script come back with their four tasks; the case renamed since is reverted.
    expect(figure(run, "cases_inserted")).toBe(2);
    expect(figure(run, "tasks_inserted")).toBe(4);
    expect(figure(run, "cases_updated")).toBeGreaterThanOrEqual(1);
    expect(figure(run, "audit_rows_restored")).toBeGreaterThan(0);
    expect(figure(run, "erasure_scrubs")).toBeGreaterThan(0);
    expect(figure(run, "dry_run_cases_changed")).toBeGreaterThan(0);
  }, 180_000);
});
