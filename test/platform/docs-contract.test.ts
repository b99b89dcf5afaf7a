// The README documents every error code the code knows, and nothing else (its settings table has its own test,
// settings-readme.test.ts).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { errorCatalog } from "../../app/platform/errors/error-catalog.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const tableNames = (header: string) => {
  const section = readme.slice(readme.indexOf(header));
  const rows = section.split("\n").filter((line) => /^\| `[A-Za-z_]+` \|/.test(line));
  const firstGap = section.split("\n").findIndex((line, index) => index > 0 && line.startsWith("## "));
  const inSection = section.split("\n").slice(0, firstGap).join("\n");
  return rows.filter((row) => inSection.includes(row)).map((row) => row.split("`")[1]);
};

describe("README", () => {
  it("documents exactly the error codes of the catalog", () => {
    expect(tableNames("## Errors").sort()).toEqual(Object.keys(errorCatalog).sort());
  });
});
