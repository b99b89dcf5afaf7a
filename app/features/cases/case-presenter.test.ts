import { describe, expect, it } from "vitest";
import { entityTag, ifMatchAllows } from "./case-presenter.js";

describe("If-Match against a case version", () => {
  it("allows a change when the header is absent, empty or *", () => {
    expect([ifMatchAllows(undefined, 3), ifMatchAllows("", 3), ifMatchAllows("*", 3)]).toEqual([true, true, true]);
  });

  it("allows a change only when one of the listed tags is the current version's", () => {
    expect(ifMatchAllows(entityTag(3), 3)).toBe(true);
    expect(ifMatchAllows('"1", "3"', 3)).toBe(true);
    expect(ifMatchAllows('"2"', 3)).toBe(false);
    expect(ifMatchAllows("3", 3)).toBe(false);
  });

  it("never matches a weak tag (If-Match compares strongly)", () => {
    expect(ifMatchAllows('W/"3"', 3)).toBe(false);
  });
});
