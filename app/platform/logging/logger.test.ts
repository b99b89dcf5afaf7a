import { describe, expect, it } from "vitest";
import { redactSensitive } from "./logger.js";

describe("redactSensitive", () => {
  it("censors sensitive keys at any depth and in arrays, whatever their case", () => {
    const input = {
      user: "ada",
      body: { password: "p", nested: { deeper: { refreshToken: "t" } } },
      headers: [{ Authorization: "Bearer x" }],
    };
    expect(redactSensitive(input)).toEqual({
      user: "ada",
      body: { password: "[redacted]", nested: { deeper: { refreshToken: "[redacted]" } } },
      headers: [{ Authorization: "[redacted]" }],
    });
  });

  it("leaves the caller's object untouched and returns it as is when nothing is sensitive", () => {
    const input = { body: { password: "p" } };
    redactSensitive(input);
    expect(input.body.password).toBe("p");
    const clean = { method: "GET", route: "/cases/:caseId", status: 200 };
    expect(redactSensitive(clean)).toBe(clean);
  });
});
