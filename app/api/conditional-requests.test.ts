import { describe, expect, it } from "vitest";
import { AppError } from "../platform/errors/app-error.js";
import { entityTag, ifMatchAllows, ifMatchPresent, requireMatchingVersion } from "./conditional-requests.js";

function refusalOf(header: string | undefined, version: number, resource: string): unknown {
  try {
    requireMatchingVersion(header, version, resource);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("If-Match against a resource version", () => {
  it("counts an absent or blank header as not sent", () => {
    expect([ifMatchPresent(undefined), ifMatchPresent(""), ifMatchPresent("  "), ifMatchPresent("*")]).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });

  it("allows a change only when one of the listed tags is the current version's, or *", () => {
    expect(ifMatchAllows(entityTag(3), 3)).toBe(true);
    expect(ifMatchAllows('"1", "3"', 3)).toBe(true);
    expect(ifMatchAllows("*", 3)).toBe(true);
    expect(ifMatchAllows('"2"', 3)).toBe(false);
    expect(ifMatchAllows("3", 3)).toBe(false);
  });

  it("never matches a weak tag (If-Match compares strongly)", () => {
    expect(ifMatchAllows('W/"3"', 3)).toBe(false);
  });

  it("refuses a change without If-Match with 428, carrying the current ETag", () => {
    for (const header of [undefined, "", " "]) {
      const refusal = refusalOf(header, 3, "task");
      expect(refusal).toBeInstanceOf(AppError);
      expect(refusal).toMatchObject({ code: "precondition_required", status: 428, headers: { ETag: '"3"' } });
      expect((refusal as AppError).detail).toContain("If-Match");
    }
  });

  it("refuses a stale version with 412 naming the resource and carrying the current ETag", () => {
    const refusal = refusalOf('"2"', 3, "task");
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: "precondition_failed", status: 412, headers: { ETag: '"3"' } });
    expect((refusal as AppError).detail).toContain("task is now at version 3");
  });

  it("lets the current version and * through", () => {
    expect(refusalOf('"3"', 3, "case")).toBeUndefined();
    expect(refusalOf("*", 3, "case")).toBeUndefined();
  });
});
