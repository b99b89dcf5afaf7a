// infra/AWS-CONSTRAINTS.md is the argument-by-argument review against AWS's real constraints. It must cover exactly
// the resource types the program can create (every type in both plan snapshots, plus those only other config
// creates), name every argument the plans set, and point only at tests and first-deploy checks that exist.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import * as aws from "@pulumi/aws";
import * as dockerBuild from "@pulumi/docker-build";
import * as random from "@pulumi/random";
import { describe, expect, it } from "vitest";
import { constraintsDocument as document, firstDeployChecks } from "./harness/constraints-document.js";
import { repoRoot } from "./harness/stack-harness.js";

const stacks = ["staging", "production"] as const;
const componentPrefix = "rusty-saas:";

/** `### \`type\`` sections under "## Resource types", with their text. */
function documentedTypes(): Map<string, string> {
  const part = document.split(/^## /m).find((section) => section.startsWith("Resource types")) ?? "";
  const sections = new Map<string, string>();
  for (const chunk of part.split(/^### /m).slice(1)) {
    const type = /^`([^`]+)`/.exec(chunk)?.[1];
    if (type) sections.set(type, chunk);
  }
  return sections;
}

/** Every resource in a plan snapshot with the input names it renders. */
function plannedInputs(stack: string): Map<string, Set<string>> {
  const text = readFileSync(path.join(repoRoot, `infra/plan/snapshots/${stack}.plan.md`), "utf8");
  const byType = new Map<string, Set<string>>();
  let current: Set<string> | undefined;
  for (const line of text.split("\n")) {
    const heading = /^###? (\S+:\S+) /.exec(line) ?? /^## (pulumi:providers:\S+) /.exec(line);
    if (heading) {
      const type = heading[1]!;
      current = type.startsWith(componentPrefix) ? undefined : (byType.get(type) ?? new Set());
      if (current) byType.set(type, current);
      continue;
    }
    if (line.startsWith("## ")) current = undefined;
    const key = /^ {2}([A-Za-z][A-Za-z0-9]*):/.exec(line)?.[1];
    if (key && current) current.add(key);
  }
  return byType;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith(".ts") && !full.endsWith(".test.ts") ? [full] : [];
  });
}

/** The type token of every resource class `infra/` constructs (`new aws.rds.Instance(` → its `__pulumiType`). */
function constructedTypes(): Set<string> {
  const packages: Record<string, unknown> = { aws, random, dockerBuild };
  const types = new Set<string>();
  for (const file of sourceFiles(path.join(repoRoot, "infra"))) {
    for (const match of readFileSync(file, "utf8").matchAll(/new (aws|random|dockerBuild)((?:\.[A-Za-z0-9]+)+)\(/g)) {
      const [pkg, member] = [match[1]!, match[2]!.slice(1)];
      if (pkg === "aws" && member === "Provider") {
        types.add("pulumi:providers:aws");
        continue;
      }
      const cls = member.split(".").reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], packages[pkg]);
      const token = (cls as { __pulumiType?: string } | undefined)?.__pulumiType;
      if (!token) throw new Error(`${path.relative(repoRoot, file)}: no type token for ${pkg}.${member}`);
      types.add(token);
    }
  }
  return types;
}

describe("infra/AWS-CONSTRAINTS.md", () => {
  const documented = documentedTypes();

  it("covers every resource type in both stacks' plan snapshots", () => {
    for (const stack of stacks) {
      const planned = [...plannedInputs(stack).keys()];
      expect(planned.length, stack).toBeGreaterThan(40);
      expect(
        planned.filter((type) => !documented.has(type)),
        `${stack} types missing from the document`,
      ).toEqual([]);
    }
  });

  it("documents exactly the types the program can create, no more (stale sections fail)", () => {
    const constructed = constructedTypes();
    expect([...documented.keys()].sort()).toEqual([...constructed].sort());
    for (const stack of stacks) for (const type of plannedInputs(stack).keys()) expect(constructed).toContain(type);
  });

  it("names every argument the plans set, in its type's section", () => {
    const missing: string[] = [];
    for (const stack of stacks)
      for (const [type, keys] of plannedInputs(stack))
        for (const key of keys) if (!documented.get(type)?.includes(`\`${key}\``)) missing.push(`${type} ${key}`);
    expect([...new Set(missing)].sort()).toEqual([]);
  });

  it("cites a source and a holder on every row", () => {
    for (const [type, section] of documented) {
      const rows = section.split("\n").filter((line) => /^\| `/.test(line) || /^\| name \|/.test(line));
      expect(rows.length, type).toBeGreaterThan(0);
      for (const row of rows) {
        const cells = row.split(" | ");
        expect(cells[2], `${type}: ${row}`).toMatch(/\[[^\]]+\]\[[a-z0-9-]+\]/);
        expect(cells[3], `${type}: ${row}`).toMatch(/`(test|infra)\/|first deploy: `/);
      }
    }
    const definitions = new Set([...document.matchAll(/^\[([a-z0-9-]+)\]: https:\/\/\S+ "[^"]+"$/gm)].map((m) => m[1]));
    const prose = document.replace(/`[^`\n]*`/g, "");
    const cited = new Set([...prose.matchAll(/\]\[([a-z0-9-]+)\]/g)].map((m) => m[1]));
    expect([...cited].filter((id) => !definitions.has(id))).toEqual([]);
    expect([...definitions].filter((id) => !cited.has(id))).toEqual([]);
  });

  it("points only at test files that exist and first-deploy checks that are listed, each check used", () => {
    const files = new Set([...document.matchAll(/`((?:test|infra|app)\/[\w./-]+\.test\.ts)`/g)].map((m) => m[1]!));
    expect(files.size).toBeGreaterThan(15);
    for (const file of files) expect(existsSync(path.join(repoRoot, file)), file).toBe(true);
    const checks = firstDeployChecks();
    expect(checks.size).toBeGreaterThanOrEqual(5);
    const referenced = new Set(
      [...document.matchAll(/first deploy: ((?:`[a-z-]+`(?:, )?)+)/g)].flatMap((m) =>
        [...m[1]!.matchAll(/`([a-z-]+)`/g)].map((id) => id[1]!),
      ),
    );
    expect([...referenced].filter((id) => !checks.has(id))).toEqual([]);
    expect([...checks.keys()].filter((id) => !referenced.has(id))).toEqual([]);
  });
});
