import { describe, expect, it } from "vitest";
import { AfterCommit } from "./after-commit.js";

describe("after-commit tasks", () => {
  it("runs only the tasks of the last attempt, once, in order", async () => {
    const ran: string[] = [];
    const afterCommit = new AfterCommit();
    afterCommit.newAttempt();
    afterCommit.add(async () => void ran.push("first attempt"));
    afterCommit.newAttempt();
    afterCommit.add(async () => void ran.push("a"));
    afterCommit.add(async () => void ran.push("b"));
    await afterCommit.run();
    expect(ran).toEqual(["a", "b"]);
  });
});
