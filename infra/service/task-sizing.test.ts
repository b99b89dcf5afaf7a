import { describe, expect, it } from "vitest";
import { fargateSizeProblem, shutdownBudgetProblem } from "./task-sizing.js";

describe("task sizing", () => {
  it("accepts Fargate's CPU/memory pairs and explains the others", () => {
    expect(fargateSizeProblem(512, 1024)).toBeUndefined();
    expect(fargateSizeProblem(1024, 2048)).toBeUndefined();
    expect(fargateSizeProblem(256, 512)).toBeUndefined();
    expect(fargateSizeProblem(1024, 1024)).toMatch(/does not fit 1024 CPU units \(2048–8192/);
    expect(fargateSizeProblem(1024, 2500)).toMatch(/does not fit/);
    expect(fargateSizeProblem(300, 1024)).toMatch(/not a Fargate size/);
  });

  it("fits deregistration, drain and the longest request inside stopTimeout", () => {
    expect(shutdownBudgetProblem(15, 30)).toBeUndefined();
    expect(shutdownBudgetProblem(30, 45)).toBeUndefined();
    expect(shutdownBudgetProblem(30, 44)).toBe(
      "44 s is shorter than deregistration delay 30 s + drain 5 s + longest request 10 s = 45 s",
    );
  });
});
