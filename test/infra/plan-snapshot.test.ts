// The committed plan snapshots match what the program would deploy now; a stale one fails with the changed
// lines and the command that refreshes it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lineDiff } from "../../infra/plan/line-diff.js";
import { renderStackPlan } from "../../infra/plan/stack-plan.js";
import { allStackNames, recordedStack } from "./harness/recorded-stacks.js";
import { repoRoot } from "./harness/stack-harness.js";

describe.each(allStackNames)("%s plan snapshot", (stack) => {
  it("is up to date (refresh with `npm run plan:update` and review the diff)", async () => {
    const file = path.join(repoRoot, "infra/plan/snapshots", `${stack}.plan.md`);
    const committed = readFileSync(file, "utf8");
    const current = await renderStackPlan(stack, await recordedStack(stack));
    if (committed !== current) {
      expect.fail(
        `infra/plan/snapshots/${stack}.plan.md is stale; run \`npm run plan:update\` and commit it.\n${lineDiff(committed, current)}`,
      );
    }
  });

  it("never contains a secret value", async () => {
    const run = await recordedStack(stack);
    const plan = readFileSync(path.join(repoRoot, "infra/plan/snapshots", `${stack}.plan.md`), "utf8");
    expect(plan).toContain("[secret]");
    // A machine path would make the snapshot differ between checkouts (CI clones elsewhere).
    expect(plan).not.toContain(repoRoot);
    const secretValues = run.resources
      .filter((r) => r.type === "random:index/randomPassword:RandomPassword")
      .map((r) => `mock-secret-${r.name}`);
    expect(secretValues.length).toBeGreaterThan(0);
    for (const value of secretValues) expect(plan).not.toContain(value);
  });
});
