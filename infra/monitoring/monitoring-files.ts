// Reads what monitoring/ hands to the AWS side: Prometheus rule files and the Alertmanager routing tree.
import { readFileSync } from "node:fs";
import path from "node:path";
import { loadRuleFiles, type RuleFile } from "./prometheus-plan.js";

export function readMonitoringFiles(repoRoot: string): { ruleFiles: RuleFile[]; alertManagerRouting: string } {
  return {
    ruleFiles: loadRuleFiles(path.join(repoRoot, "monitoring/rules")),
    alertManagerRouting: readFileSync(path.join(repoRoot, "monitoring/alertmanager.yml"), "utf8"),
  };
}
