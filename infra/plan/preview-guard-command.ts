// `npm run preview:guard -- <preview.json>`: exits 1, listing them, when a preview would replace or delete a
// stateful resource. Used by .github/workflows/infra.yml before comments and deploys.
import { readFileSync } from "node:fs";
import { findStatefulChanges } from "./stateful-changes.js";

const file = process.argv[2];
if (!file) {
  process.stderr.write("usage: npm run preview:guard -- <pulumi preview --json output>\n");
  process.exit(2);
}
const changes = findStatefulChanges(JSON.parse(readFileSync(file, "utf8")) as unknown);
if (changes.length > 0) {
  process.stderr.write(
    `Refusing: this change would destroy stateful resources:\n${changes.map((c) => `- ${c.op} ${c.type} ${c.name}`).join("\n")}\n`,
  );
  process.stderr.write(
    "If that is intended, do it in a separate reviewed change with a backup (runbooks/), not through this pipeline.\n",
  );
  process.exit(1);
}
process.stdout.write("No stateful resource would be replaced or deleted.\n");
