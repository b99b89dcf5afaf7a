import { describe, expect, it } from "vitest";
import { lineDiff } from "./line-diff.js";

describe("line diff", () => {
  it("shows removed and added lines with a little context", () => {
    const diff = lineDiff("a\nb\nc\nd\ne\nf\ng\nh\ni\nj", "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk");
    expect(diff).toBe(["  b", "  c", "- d", "+ D", "  e", "  f", "  …", "  i", "  j", "+ k"].join("\n"));
  });

  it("is empty of changes for equal text", () => {
    expect(lineDiff("x\ny", "x\ny")).toBe("");
  });
});
