// Every procedure page has the shape an operator expects (When, Preconditions, Steps, Verification, Rollback,
// Last exercised, in that order, none empty), shows exact commands, and names the drill or test that exercises it.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const folder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../runbooks/procedures");
const sections = ["When", "Preconditions", "Steps", "Verification", "Rollback", "Last exercised"];
const pages = readdirSync(folder)
  .filter((name) => name.endsWith(".md") && name !== "README.md")
  .sort();

function sectionBodies(markdown: string): Map<string, string> {
  const bodies = new Map<string, string>();
  for (const part of markdown.split(/^## /m).slice(1)) {
    const [title = "", ...rest] = part.split("\n");
    bodies.set(title.trim(), rest.join("\n").trim());
  }
  return bodies;
}

describe("procedure pages", () => {
  it("cover the procedures operators need", () => {
    expect(pages).toEqual(
      [
        "cache-failover.md",
        "certificate-renewal.md",
        "deploy.md",
        "failover.md",
        "game-day.md",
        "promote-replica.md",
        "region-loss.md",
        "restore-point-in-time.md",
        "restore-tenant.md",
        "rollback.md",
        "rotate-database-password.md",
        "rotate-jwt-key.md",
        "scale.md",
      ].sort(),
    );
  });

  it.each(pages)("%s has the fixed shape, commands, and names what exercises it", (page) => {
    const markdown = readFileSync(path.join(folder, page), "utf8");
    expect(markdown.startsWith("# ")).toBe(true);
    const bodies = sectionBodies(markdown);
    expect([...bodies.keys()]).toEqual(sections);
    for (const section of sections) expect(bodies.get(section)?.length, `${page}: ${section}`).toBeGreaterThan(40);
    expect(bodies.get("Steps"), `${page}: Steps without a command block`).toMatch(/```sh\n/);
    const exercised = bodies.get("Last exercised") ?? "";
    expect(exercised, `${page}: names no drill and no test`).toMatch(/npm run drill -- [a-z-]+|[\w/.-]+\.test\.ts/);
    expect(exercised, `${page}: no date of the last exercise`).toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
