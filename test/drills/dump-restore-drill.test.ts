// `npm run drill -- dump-restore`: a custom-format dump and the roles, restored into a new database on another
// server, hold every row, keep row-level security forced, and the app on them still isolates tenants.
import { describe, expect, it } from "vitest";
import { failureReport, figure, runDrill } from "./run-drill.js";

describe("drill dump-restore", () => {
  it("restores every row, refuses a dump by the RLS-bound owner, and leaks no cross-tenant read", async () => {
    const run = await runDrill(["dump-restore"], 170_000);
    expect(run.code, failureReport(run)).toBe(0);
    expect(run.figures).toMatchObject({
      drill: "dump-restore",
      result: "pass",
      rows_mismatched: "0",
      owner_dump_refused: "true",
      cross_tenant_reads_leaked: "0",
    });
    expect(figure(run, "rows")).toBeGreaterThan(2 * (4 + 8));
    // organizations, users, memberships, cases, tasks, audit_events, invitations
    expect(figure(run, "rls_tables")).toBe(7);
    expect(figure(run, "cross_tenant_reads_tried")).toBeGreaterThan(0);
    expect(figure(run, "own_reads_ok")).toBe(8);
    expect(figure(run, "dump_bytes")).toBeGreaterThan(0);
  }, 180_000);
});
