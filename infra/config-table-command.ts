// `npx tsx infra/config-table-command.ts` prints infra/README.md's settings table as the declarations render it;
// with `--update` it rewrites the table in the README (between its markers) and leaves the rest alone.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { renderSettingsTable, tableEnd, tableStart } from "./config-table.js";

const readmePath = path.join(path.dirname(fileURLToPath(import.meta.url)), "README.md");

function main(args: readonly string[]): void {
  const table = renderSettingsTable();
  if (!args.includes("--update")) {
    process.stdout.write(`${table}\n`);
    return;
  }
  const readme = readFileSync(readmePath, "utf8");
  const start = readme.indexOf(tableStart);
  const end = readme.indexOf(tableEnd);
  if (start < 0 || end < start) throw new Error(`${readmePath} has no settings table markers (${tableStart})`);
  writeFileSync(readmePath, `${readme.slice(0, start)}${table}${readme.slice(end + tableEnd.length)}`);
  process.stdout.write("rewrote the settings table of infra/README.md\n");
}

main(process.argv.slice(2));
