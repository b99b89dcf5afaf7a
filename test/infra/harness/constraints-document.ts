// Reads infra/AWS-CONSTRAINTS.md for the tests that hold the repository to it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./stack-harness.js";

export const constraintsDocument = readFileSync(path.join(repoRoot, "infra/AWS-CONSTRAINTS.md"), "utf8");

/** Check ids of the "To verify on first deploy" list (`expect <id> …` lines of its shell blocks). */
export function firstDeployChecks(text = constraintsDocument): Map<string, string> {
  const part = text.split(/^## /m).find((section) => section.startsWith("To verify on first deploy")) ?? "";
  const checks = new Map<string, string>();
  for (const block of part.matchAll(/```sh\n([\s\S]*?)```/g))
    for (const line of block[1]!.split("\n").map((l) => l.trim()))
      if (line.startsWith("expect ")) checks.set(line.split(/\s+/)[1]!, line);
  return checks;
}
