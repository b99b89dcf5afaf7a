import { describe, expect, it } from "vitest";
import { integer } from "./config-kinds.js";
import { fullKey, group } from "./config-schema.js";
import { stackSettings } from "./config-settings.js";
import {
  declaredKeys,
  declaredRows,
  readSettingsTable,
  renderSettingsTable,
  settingsTableProblems,
  type SettingsRow,
} from "./config-table.js";

const declared = declaredRows();
const readme = (rows: readonly SettingsRow[]) => `# README\n\n${renderSettingsTable(rows)}\n\nmore prose\n`;
const problemsWith = (edit: (rows: SettingsRow[]) => SettingsRow[]) =>
  settingsTableProblems(readSettingsTable(readme(edit([...declared]))), declared);

describe("the settings table", () => {
  it("reads back exactly the rows it rendered", () => {
    expect(readSettingsTable(readme(declared))).toEqual(declared);
    expect(problemsWith((rows) => rows)).toEqual([]);
  });

  it("names a declared setting the README leaves out", () => {
    expect(problemsWith((rows) => rows.filter((row) => row.key !== "`dbReplicaCount`"))).toEqual([
      "`dbReplicaCount`: declared but has no row in the README",
    ]);
  });

  it("names a README row no setting declares", () => {
    const extra = { key: "`dbReplicaCuont`", meaning: "typo", allowed: "integer 0–5", default: "required" };
    expect(problemsWith((rows) => [...rows, extra])).toEqual([
      "`dbReplicaCuont`: a README row, but no setting declares it",
    ]);
  });

  it("names each cell that differs: meaning, allowed values, default", () => {
    const edited = problemsWith((rows) =>
      rows.map((row) =>
        row.key === "`dbReplicaCount`"
          ? { ...row, meaning: "Read replicas", allowed: "integer 0–15", default: "`1`" }
          : row,
      ),
    );
    expect(edited).toEqual([
      '`dbReplicaCount`: README\'s meaning is "Read replicas", declared "Read replicas, spread over the zones"',
      '`dbReplicaCount`: README\'s allowed is "integer 0–15", declared "integer 0–5"',
      '`dbReplicaCount`: README\'s default is "`1`", declared "required"',
    ]);
  });

  it("names a table listed in another order than the declarations", () => {
    expect(problemsWith((rows) => [...rows].reverse())).toEqual([
      "the README lists the settings in another order than they are declared",
    ]);
  });

  it("refuses a README without the table's markers", () => {
    expect(() => readSettingsTable("# README\n| key | meaning |\n")).toThrow(/markers are missing/);
  });

  it("shows a rule beside the allowed values of the setting it constrains, and marks secrets", () => {
    const groups = {
      sample: group(
        {
          low: { key: "low", description: "lower bound", kind: integer(0, 9) },
          high: { key: "high", description: "upper bound", kind: integer(0, 9), default: "9" },
          pin: { key: "pin", description: "a code", kind: integer(0, 9999), secret: true },
        },
        (rule, key) => [
          rule({
            field: "high",
            allowed: `at least \`${key("low")}\``,
            uses: ["low", "high"],
            check: ({ low, high }) => (high < low ? "too low" : undefined),
          }),
        ],
      ),
    };
    expect(declaredRows(groups)).toEqual([
      { key: "`low`", meaning: "lower bound", allowed: "integer 0–9", default: "required" },
      { key: "`high`", meaning: "upper bound", allowed: "integer 0–9; at least `low`", default: "`9`" },
      { key: "`pin` (secret)", meaning: "a code", allowed: "integer 0–9999", default: "required" },
    ]);
    expect(declaredKeys(groups)).toEqual([
      { key: "rusty-saas:low", secret: false },
      { key: "rusty-saas:high", secret: false },
      { key: "rusty-saas:pin", secret: true },
    ]);
  });
});

describe("the declarations", () => {
  const settings = Object.values(stackSettings).flatMap((declaredGroup) => Object.values(declaredGroup.settings));

  it("declare each key once", () => {
    const keys = settings.map(fullKey);
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
  });

  it("give defaults that their own kind accepts", () => {
    for (const setting of settings.filter((s) => s.default !== undefined))
      expect(setting.kind.parse(setting.default!), setting.key).not.toHaveProperty("problems");
  });

  it("hold no cell text that would break the markdown table", () => {
    for (const row of declared) for (const cell of Object.values(row)) expect(cell, row.key).not.toMatch(/\||\n/);
  });

  it("name only declared keys in backticks in meanings and allowed values", () => {
    const keys = new Set(settings.map((setting) => setting.key));
    const values = new Set(["perAz", "ecr.api"]);
    for (const row of declared)
      for (const [, word] of `${row.meaning} ${row.allowed}`.matchAll(/`([a-z]+[A-Z][A-Za-z0-9]*)`/g))
        expect(keys.has(word!) || values.has(word!), `${row.key} names \`${word}\``).toBe(true);
  });
});
