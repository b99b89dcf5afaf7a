import { describe, expect, it } from "vitest";
import { AppError } from "../platform/errors/app-error.js";
import { entityTag, ifMatchAllows, requireMatchingVersion } from "./conditional-requests.js";

describe("If-Match against a resource version", () => {
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

  it("refuses a stale version with 412 naming the resource and carrying the current ETag", () => {
    const refusal = (() => {
      try {
        requireMatchingVersion('"2"', 3, "task");
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: "precondition_failed", status: 412, headers: { ETag: '"3"' } });
    expect((refusal as AppError).detail).toContain("task is now at version 3");
  });
});
