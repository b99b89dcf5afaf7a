// `npm run monitoring:build` (with the dashboards): writes monitoring/rules/slo.yml from the SLO spec.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sloRuleFile } from "./slo-rules.js";

export const sloRulePath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../rules/slo.yml");

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(sloRulePath, sloRuleFile());
  console.log(`wrote ${path.relative(process.cwd(), sloRulePath)}`);
}
