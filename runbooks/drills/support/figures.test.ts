import { describe, expect, it } from "vitest";
import { formatFigures, parseFigures } from "./figures.js";

describe("drill figures line", () => {
  it("round-trips numbers, booleans and text with spaces or quotes", () => {
    const line = formatFigures({ drill: "pitr", rows_lost: 0, ok: true, error: 'role "x" has spaces' });
    expect(line).toBe('drill=pitr rows_lost=0 ok=true error="role \\"x\\" has spaces"');
    expect(parseFigures(line)).toEqual({ drill: "pitr", rows_lost: "0", ok: "true", error: 'role "x" has spaces' });
  });

  it("refuses a figure name a log query could not select", () => {
    expect(() => formatFigures({ "Rows Lost": 1 })).toThrow(/snake_case/);
  });
});
