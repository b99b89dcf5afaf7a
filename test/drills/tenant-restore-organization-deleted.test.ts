// `npm run drill -- tenant-restore --scenario organization-deleted`: a whole organization deleted (its cascade
// takes memberships, cases, tasks and the audit trail) is recreated from the copy, people erased since excepted.
import { describe, expect, it } from "vitest";
import { failureReport, figure, runDrill } from "./run-drill.js";

describe("drill tenant-restore, organization deleted", () => {
  it("recreates the organization with its members, cases, tasks and audit trail", async () => {
    const run = await runDrill(["tenant-restore", "--scenario", "organization-deleted"], 170_000);
    expect(run.code, failureReport(run)).toBe(0);
    expect(run.figures).toMatchObject({
      result: "pass",
      scenario: "organization-deleted",
      organization_recreated: "true",
      other_rows_changed: "0",
      erased_member_traces: "0",
      restore_events_via_api: "1",
    });
    expect(figure(run, "cases_inserted")).toBe(5);
    expect(figure(run, "tasks_inserted")).toBe(8);
    expect(figure(run, "audit_rows_restored")).toBeGreaterThan(0);
    expect(figure(run, "cases_served")).toBe(5);
  }, 180_000);
});
