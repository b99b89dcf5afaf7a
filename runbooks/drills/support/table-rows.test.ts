import { describe, expect, it } from "vitest";
import { compareSnapshots, type RowSnapshot } from "./table-rows.js";

const picture = (tables: Record<string, Record<string, string>>): RowSnapshot =>
  new Map(Object.entries(tables).map(([table, rows]) => [table, new Map(Object.entries(rows))]));

describe("row-for-row comparison", () => {
  it("finds nothing between equal pictures", () => {
    const same = picture({ cases: { '["1"]': '{"id": "1"}' } });
    expect(compareSnapshots(same, picture({ cases: { '["1"]': '{"id": "1"}' } }))).toMatchObject({
      rows: 1,
      missing: 0,
      changed: 0,
      extra: 0,
    });
  });

  it("counts missing, changed and extra rows, per table, including a table absent on one side", () => {
    const expected = picture({
      cases: { a: "1", b: "2", c: "3" },
      tasks: { t: "9" },
    });
    const actual = picture({ cases: { a: "1", b: "changed", d: "4" } });
    const difference = compareSnapshots(expected, actual);
    expect(difference).toMatchObject({ rows: 4, missing: 2, changed: 1, extra: 1 });
    expect(difference.details).toEqual(["cases: 1/1/1", "tasks: 1/0/0"]);
  });
});
