// Every page under runbooks/ (alert pages, procedures, drills, decisions, incident response) names only scripts,
// npm commands, drills, procedures and repository paths that exist. The checker itself is shown to catch each
// kind of broken reference.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { drillNames } from "../../runbooks/drills/drill-catalog.js";
import { brokenReferences, type Repository } from "./runbook-references.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ignored = new Set(["node_modules", ".git", "dist", "coverage", ".data"]);

function walk(relative: string, into: Set<string>): Set<string> {
  for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
    if (ignored.has(entry.name)) continue;
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    into.add(child);
    if (entry.isDirectory()) walk(child, into);
  }
  return into;
}

const repository: Repository = {
  paths: walk("", new Set()),
  scripts: new Set(
    Object.keys((JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: object }).scripts),
  ),
  drills: new Set(drillNames),
};
const pages = [...repository.paths].filter((file) => file.startsWith("runbooks/") && file.endsWith(".md")).sort();

describe("runbook references", () => {
  it("finds the pages to check, alert pages and procedures among them", () => {
    expect(pages.filter((page) => page.startsWith("runbooks/alerts/")).length).toBeGreaterThanOrEqual(20);
    expect(pages.filter((page) => page.startsWith("runbooks/procedures/")).length).toBeGreaterThanOrEqual(10);
  });

  it.each(pages)("%s names only things that exist", (page) => {
    const broken = brokenReferences(page, readFileSync(path.join(root, page), "utf8"), repository);
    expect(broken.map((item) => `${item.reference}: ${item.reason}`)).toEqual([]);
  });
});

describe("the reference checker", () => {
  const fake: Repository = {
    paths: new Set([
      "runbooks",
      "runbooks/procedures",
      "runbooks/procedures/rollback.md",
      "runbooks/alerts/ApiCpuHigh.md",
      "runbooks/decisions/0040-retry-on-a-dead-connection.md",
      ".ci/run",
    ]),
    scripts: new Set(["drill", "test"]),
    drills: new Set(["pitr"]),
  };
  const check = (markdown: string) =>
    brokenReferences("runbooks/procedures/page.md", markdown, fake).map((item) => item.reference);

  it("accepts what exists, placeholders included", () => {
    const page = [
      "`npm run drill -- pitr --cases 3`, `npm run --silent drill -- pitr`, `npm test`, `npm ci`, `npm audit`, `.ci/run`, an npm script,",
      "(procedure: rollback), [rollback](rollback.md), `runbooks/alerts/<Key>.md`, runbooks/procedures/rollback.md:12.",
      "Roll back (procedure:",
      "rollback); decision 0040 explains it; the procedures and their drills.",
    ].join("\n");
    expect(check(page)).toEqual([]);
  });

  it("reports a missing script, npm command, drill, path, link, procedure and decision", () => {
    const page = [
      "`npm run restore`, `npm frobnicate`, `npm run drill -- region-loss`, `runbooks/procedures/restore-pitr.md`,",
      "[see](../alerts/Nope.md), (procedure: cutover), `scripts/drill.sh`, `runbooks/alerts/<Key>.txt`, then",
      "follow procedure:",
      "  region-move; decision 0099 says why.",
    ].join("\n");
    expect(check(page)).toEqual([
      "npm run restore",
      "npm run drill -- region-loss",
      "npm frobnicate",
      "runbooks/procedures/restore-pitr.md",
      "scripts/drill.sh",
      "runbooks/alerts/<Key>.txt",
      "../alerts/Nope.md",
      "procedure: cutover",
      "procedure: region-move",
      "decision 0099",
    ]);
  });

  it("reports a procedure or runbook named in prose, which no check can follow", () => {
    const page = [
      "Wait for the failover or follow the database failover procedure. Archive rows only through the documented",
      "retention procedure; see the database runbooks. (procedure: rollback), a procedure and the procedures stay fine.",
    ].join("\n");
    expect(check(page)).toEqual([
      "the database failover procedure",
      "the documented retention procedure",
      "the database runbooks",
    ]);
  });
});
