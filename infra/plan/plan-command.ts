// `npm run plan -- <stack>` prints the credential-free plan of a stack (the mocked run of the whole program);
// `npm run plan:update` rewrites the committed snapshots under infra/plan/snapshots/ that the tests compare.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { renderStackPlan } from "./stack-plan.js";

const stacks = ["staging", "production", "local"] as const;
export const snapshotDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "snapshots");

async function main(args: string[]): Promise<void> {
  if (args.includes("--update")) {
    mkdirSync(snapshotDir, { recursive: true });
    for (const stack of stacks) {
      const file = path.join(snapshotDir, `${stack}.plan.md`);
      writeFileSync(file, await renderStackPlan(stack));
      process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
    }
    return;
  }
  const stack = args[0];
  if (!stacks.some((known) => known === stack)) {
    process.stderr.write(`usage: npm run plan -- <${stacks.join("|")}>   or   npm run plan:update\n`);
    process.exitCode = 2;
    return;
  }
  process.stdout.write(await renderStackPlan(stack as (typeof stacks)[number]));
}

await main(process.argv.slice(2));
