import { describe, expect, it } from "vitest";
import { canonicalRow, reapplyErasures, referencedUserIds } from "./tenant-tables.js";

const erased = "00000000-0000-4000-8000-000000000001";
const kept = "00000000-0000-4000-8000-000000000002";
const erasures = { userIds: new Set([erased]), emails: new Set(["gone@example.com"]) };

describe("erasures re-applied to a copy's rows", () => {
  it("unassigns the erased person from cases and tasks, and counts it", () => {
    const rows = [
      { id: "a", assignee_id: erased, title: "theirs" },
      { id: "b", assignee_id: kept, title: "someone else's" },
    ];
    const result = reapplyErasures("cases", rows, erasures);
    expect(result.rows).toEqual([
      { id: "a", assignee_id: null, title: "theirs" },
      { id: "b", assignee_id: kept, title: "someone else's" },
    ]);
    expect(result.scrubbed).toBe(1);
    expect(reapplyErasures("tasks", rows, erasures).scrubbed).toBe(1);
  });

  it("drops the erased person's memberships and the invitations to their email", () => {
    expect(reapplyErasures("memberships", [{ user_id: erased }, { user_id: kept }], erasures).rows).toEqual([
      { user_id: kept },
    ]);
    const invitations = [{ email: "Gone@Example.com" }, { email: "stays@example.com" }];
    expect(reapplyErasures("invitations", invitations, erasures).rows).toEqual([{ email: "stays@example.com" }]);
  });

  it("strips address and details from audit rows by or about them, and leaves other rows alone", () => {
    const rows = [
      { id: "1", actor_id: erased, target_type: "case", target_id: kept, client_ip: "10.0.0.1", metadata: { a: 1 } },
      { id: "2", actor_id: kept, target_type: "user", target_id: erased, client_ip: "10.0.0.2", metadata: {} },
      { id: "3", actor_id: kept, target_type: "user", target_id: kept, client_ip: "10.0.0.3", metadata: { b: 2 } },
    ];
    const result = reapplyErasures("audit_events", rows, erasures);
    expect(result.rows.map((row) => [row.client_ip, row.metadata])).toEqual([
      [null, {}],
      [null, {}],
      ["10.0.0.3", { b: 2 }],
    ]);
    expect(result.scrubbed).toBe(2);
  });

  it("asks about every person a row points at", () => {
    const rows = new Map([
      ["cases", [{ assignee_id: kept, created_by: erased }]],
      ["audit_events", [{ actor_id: null, target_type: "user", target_id: kept }]],
    ]);
    expect(referencedUserIds(rows).sort()).toEqual([erased, kept]);
  });
});

describe("row comparison", () => {
  it("ignores key order and sees any changed value", () => {
    expect(canonicalRow({ b: 1, a: 2 })).toBe(canonicalRow({ a: 2, b: 1 }));
    expect(canonicalRow({ a: 2, b: 1 })).not.toBe(canonicalRow({ a: 2, b: 3 }));
  });
});
