// infra/README.md's settings table, rendered from the declarations (config-settings.ts) and read back, so a test can
// name each way the README and the declarations part: a missing row, an extra row, or a cell that differs.
import { fullKey, type AnySettingGroup } from "./config-schema.js";
import { allStackSettings } from "./config-settings.js";

export interface SettingsRow {
  readonly key: string;
  readonly meaning: string;
  readonly allowed: string;
  readonly default: string;
}

const columns = ["key", "meaning", "allowed", "default"] as const;
export const tableStart =
  "<!-- settings table: rendered from the declarations by npx tsx infra/config-table-command.ts --update -->";
export const tableEnd = "<!-- end of settings table -->";

/** One row per declared setting, as the README shows it; a setting both targets read appears once, where first declared. */
export function declaredRows(groups: Readonly<Record<string, AnySettingGroup>> = allStackSettings): SettingsRow[] {
  const seen = new Set<string>();
  return Object.values(groups).flatMap((declared) =>
    Object.entries(declared.settings).flatMap(([field, setting]) => {
      if (seen.has(setting.key)) return [];
      seen.add(setting.key);
      return [
        {
          key: `\`${setting.key}\`${setting.secret ? " (secret)" : ""}`,
          meaning: setting.description,
          allowed: [
            setting.kind.allowed,
            ...declared.rules.filter((rule) => rule.field === field).map((rule) => rule.allowed),
          ].join("; "),
          default: setting.default === undefined ? "required" : `\`${setting.default}\``,
        },
      ];
    }),
  );
}

/** The table between its markers, header included. */
export function renderSettingsTable(rows: readonly SettingsRow[] = declaredRows()): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [
    tableStart,
    line(columns),
    `|${columns.map(() => "---").join("|")}|`,
    ...rows.map((row) => line(columns.map((column) => row[column]))),
    tableEnd,
  ].join("\n");
}

/** The rows of the table between the markers of `markdown`; throws when the markers are missing. */
export function readSettingsTable(markdown: string): SettingsRow[] {
  const start = markdown.indexOf(tableStart);
  const end = markdown.indexOf(tableEnd);
  if (start < 0 || end < start)
    throw new Error(`the settings table's markers are missing: ${tableStart} … ${tableEnd}`);
  return markdown
    .slice(start + tableStart.length, end)
    .split("\n")
    .filter((line) => line.startsWith("|") && !/^\|[-| ]+\|$/.test(line))
    .slice(1)
    .map((line) => {
      const [key = "", meaning = "", allowed = "", defaultValue = ""] = line.slice(2, -2).split(" | ");
      return { key, meaning, allowed, default: defaultValue };
    });
}

/** Every way the README's rows and the declared rows disagree, each naming the key; empty when they agree. */
export function settingsTableProblems(readme: readonly SettingsRow[], declared: readonly SettingsRow[]): string[] {
  const byKey = (rows: readonly SettingsRow[]) => new Map(rows.map((row) => [row.key, row]));
  const inReadme = byKey(readme);
  const problems: string[] = [];
  for (const row of declared) {
    const shown = inReadme.get(row.key);
    if (!shown) {
      problems.push(`${row.key}: declared but has no row in the README`);
      continue;
    }
    for (const column of columns.slice(1))
      if (shown[column] !== row[column])
        problems.push(`${row.key}: README's ${column} is "${shown[column]}", declared "${row[column]}"`);
  }
  const declaredKeys = byKey(declared);
  for (const row of readme)
    if (!declaredKeys.has(row.key)) problems.push(`${row.key}: a README row, but no setting declares it`);
  if (problems.length === 0 && readme.map((row) => row.key).join() !== declared.map((row) => row.key).join())
    problems.push("the README lists the settings in another order than they are declared");
  return problems;
}

/** Full keys (`rusty-saas:dbReplicaCount`, `aws:region`) of every declared setting, and which are secret. */
export function declaredKeys(groups: Readonly<Record<string, AnySettingGroup>> = allStackSettings): {
  key: string;
  secret: boolean;
}[] {
  const settings = new Set(Object.values(groups).flatMap((declared) => Object.values(declared.settings)));
  return [...settings].map((setting) => ({ key: fullKey(setting), secret: setting.secret === true }));
}
