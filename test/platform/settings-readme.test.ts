// The README's settings table and the settings declared in app/config/config-schema.ts, held together both ways:
// a row no setting declares, a setting with no row, and a row that differs from its declaration (what it
// accepts, default, secrecy, `_FILE` form, meaning) each fail, naming the variable and the column.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { settings } from "../../app/config/config-schema.js";
import {
  renderSettingsTable,
  settingsTableHeader,
  settingsTableRows,
  type SettingsRow,
} from "../../app/config/settings-table.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

/** The rows of the first table under `## Configuration`, as cells by column. */
function readmeRows(markdown: string): { header: string[]; rows: string[][] } {
  const section = markdown.slice(markdown.indexOf("## Configuration")).split(/\n## /)[0] ?? "";
  const cells = (line: string) =>
    line
      .slice(1, -1)
      .split(" | ")
      .map((cell) => cell.trim());
  const table = section.split("\n").filter((line) => line.startsWith("|"));
  return { header: cells(table[0] ?? "||"), rows: table.slice(2).map(cells) };
}

/** Every disagreement between the README's table and the declarations, one line each. */
function disagreements(markdown: string): string[] {
  const { header, rows } = readmeRows(markdown);
  if (header.join("|") !== settingsTableHeader.join("|")) return [`header: ${header.join(", ")}`];
  const declared = new Map(settingsTableRows().map((row) => [row.variable, row]));
  const documented = new Map(rows.map((cells) => [cells[0] ?? "", cells]));
  const problems: string[] = [];
  for (const [variable, cells] of documented) {
    const row = declared.get(variable);
    if (!row) {
      problems.push(`${variable}: in the README, but no setting declares it`);
      continue;
    }
    settingsTableHeader.forEach((column, index) => {
      if (cells[index] !== row[column as keyof SettingsRow])
        problems.push(
          `${variable}: README ${column} "${cells[index]}", declared "${row[column as keyof SettingsRow]}"`,
        );
    });
  }
  for (const variable of declared.keys())
    if (!documented.has(variable)) problems.push(`${variable}: declared, but missing from the README`);
  return problems;
}

describe("README settings table", () => {
  it("is the table the declarations render (paste renderSettingsTable() when it is not)", () => {
    const problems = disagreements(readme);
    expect(problems, `expected table:\n${renderSettingsTable()}`).toEqual([]);
  });

  it("catches a row no setting declares, a missing setting and a row whose default, secrecy or meaning differ", () => {
    const rows = settingsTableRows();
    const [first, second, third] = rows;
    const broken = readme
      .replace(`| ${first?.variable} |`, "| `NOT_A_SETTING` |")
      .replace(`| \`${second?.default.replaceAll("`", "")}\` | no |`, "| `other` | no |")
      .replace(`${third?.meaning} |`, "something else |");
    expect(disagreements(broken)).toEqual([
      "`NOT_A_SETTING`: in the README, but no setting declares it",
      `${second?.variable}: README default "\`other\`", declared "${second?.default}"`,
      `${third?.variable}: README meaning "something else", declared "${third?.meaning}"`,
      `${first?.variable}: declared, but missing from the README`,
    ]);
    const secret = rows.find((row) => row.secret === "yes");
    const unsecret = readme.replace(
      `| ${secret?.variable} | ${secret?.accepts} | — | yes |`,
      `| ${secret?.variable} | ${secret?.accepts} | — | no |`,
    );
    expect(disagreements(unsecret)).toEqual([`${secret?.variable}: README secret "no", declared "yes"`]);
  });

  it("declares a default every setting's own schema accepts", () => {
    const refused = Object.entries(settings)
      .filter(([, setting]) => "default" in setting && !setting.schema.safeParse(setting.default).success)
      .map(([name]) => name);
    expect(refused).toEqual([]);
  });
});
