// Prose the code keeps true, for the paths it cites: every comment in code, and every README, runbook, decision or
// workflow, that names a file of this repository (`app/api/api-router.ts`, `runbooks/decisions/0001-rate-limiter.md`,
// a glob such as `app/migrations/*.sql`, a relative markdown link, an upper-case document such as `README.md`)
// must name one that exists. Only text that looks like a repository path is read: tokens rooted at a top-level
// folder, relative links in markdown and upper-case `.md` names; in code, only comments (string literals are data,
// e.g. a test's deliberately missing file). Placeholders (`<key>`, `{name}`, `${…}`, `NNNN`) are skipped, and so
// are git-ignored places (`bench/results/`) and generated plan snapshots.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(new URL("../..", import.meta.url).pathname);
const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: root })
  .toString()
  .split("\n")
  .filter((file) => file !== "" && existsSync(path.join(root, file)));
const scanned = files.filter(
  (file) => /\.(ts|js|mjs|cjs|md|ya?ml)$/.test(file) && !file.startsWith("infra/plan/snapshots/"),
);
const topLevelFolders = [...new Set(files.filter((file) => file.includes("/")).map((file) => file.split("/")[0]))];

/**
 * Citations acknowledged although they do not resolve here, each with why. An entry must still be cited somewhere,
 * so it goes once the citation does.
 */
const acknowledged: { cites: string; in?: string; why: string }[] = [];

export interface Citation {
  file: string;
  line: number;
  cites: string;
}

const rooted = new RegExp(
  String.raw`(?<![\w./@$-])(?:${topLevelFolders.map((folder) => (folder ?? "").replace(".", "\\.")).join("|")})/[\w./*<>{}$-]*`,
  "g",
);
const markdownLink = /\]\(([^)\s]+)\)/g;
const upperCaseDocument = /(?<![\w./-])[A-Z][A-Z0-9_-]*\.md\b/g;

/** Every repository path a file's text cites, with where it cites it. */
export function citationsIn(file: string, text: string): Citation[] {
  const found: Citation[] = [];
  const prose = /\.(ts|js|mjs|cjs)$/.test(file) ? commentsOf(text) : text.split("\n");
  prose.forEach((content, index) => {
    const add = (cites: string) => found.push({ file, line: index + 1, cites });
    for (const [token] of content.matchAll(rooted)) add(token.replace(/[.,:;]+$/, ""));
    for (const [token] of content.matchAll(upperCaseDocument)) add(token);
    if (file.endsWith(".md"))
      for (const [, target = ""] of content.matchAll(markdownLink))
        if (!/^([a-z]+:|#|\/)/.test(target)) add(path.posix.join(path.posix.dirname(file), target));
  });
  return found;
}

/**
 * The comment text of each line of code (line and block comments), blank elsewhere, so line numbers hold. Quoted
 * strings are skipped, so a glob in quotes never opens a block comment; quotes do not span lines, templates may.
 */
function commentsOf(code: string): string[] {
  const lines: string[] = [];
  let state: "code" | "line" | "block" | "'" | '"' | "`" = "code";
  let current = "";
  for (let index = 0; index < code.length; index += 1) {
    const char = code[index] as string;
    const next = code[index + 1];
    if (char === "\n") {
      lines.push(current);
      current = "";
      if (state === "line" || state === "'" || state === '"') state = "code";
      continue;
    }
    if (state === "line" || state === "block") {
      if (state === "block" && char === "*" && next === "/") {
        state = "code";
        index += 1;
      } else current += char;
    } else if (state === "code") {
      if (char === "/" && next === "/") state = "line";
      else if (char === "/" && next === "*") state = "block";
      else if (char === "'" || char === '"' || char === "`") state = char;
    } else if (char === "\\") index += 1;
    else if (char === state) state = "code";
  }
  lines.push(current);
  return lines;
}

const ignoredByGit = (candidate: string) => {
  try {
    execFileSync("git", ["check-ignore", "-q", candidate], { cwd: root, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

/** Whether a citation names something that exists: a file, a folder, or files a glob matches. */
export function resolves(citation: Citation, repositoryFiles: string[] = files): boolean {
  const [target = "", anchor] = citation.cites.split("#");
  if (/[<>{}$]|NNNN/.test(target) || target === "") return true;
  if (/^[A-Z][A-Z0-9_-]*\.md$/.test(target))
    return [path.posix.join(path.posix.dirname(citation.file), target), target].some((candidate) =>
      repositoryFiles.includes(candidate),
    );
  const normalized = path.posix.normalize(target).replace(/\/$/, "");
  if (normalized.includes("*")) return repositoryFiles.some((file) => globPattern(normalized).test(file));
  const candidates = [normalized, normalized.replace(/\.js$/, ".ts")];
  const hit = candidates.find(
    (candidate) =>
      repositoryFiles.includes(candidate) || repositoryFiles.some((file) => file.startsWith(`${candidate}/`)),
  );
  // A decision cited by its number alone: runbooks/decisions/0002.
  if (!hit)
    return (
      repositoryFiles.some((file) => file.startsWith(`${normalized}-`)) ||
      ignoredByGit(normalized) ||
      ignoredByGit(`${normalized}/`)
    );
  return anchor === undefined || !hit.endsWith(".md") || headingSlugs(hit).includes(anchor);
}

function globPattern(glob: string): RegExp {
  const source = glob
    .split("**")
    .map((part) => part.replace(/[.+?^()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*"))
    .join(".*");
  return new RegExp(`^${source}(/.*)?$`);
}

/** GitHub's anchors for a markdown file's headings. */
function headingSlugs(file: string): string[] {
  const full = path.join(root, file);
  if (!statSync(full).isFile()) return [];
  return readFileSync(full, "utf8")
    .split("\n")
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) =>
      line
        .replace(/^#+ /, "")
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-"),
    );
}

const citations = scanned.flatMap((file) => citationsIn(file, readFileSync(path.join(root, file), "utf8")));
const isAcknowledgedBy = (entry: (typeof acknowledged)[number]) => (citation: Citation) =>
  entry.cites === citation.cites.replace(/\/$/, "") && (entry.in ?? citation.file) === citation.file;
const isAcknowledged = (citation: Citation) => acknowledged.some((entry) => isAcknowledgedBy(entry)(citation));

describe("paths cited in comments, READMEs, runbooks and workflows", () => {
  it("reads the repository's text and finds citations in it", () => {
    expect(scanned.length).toBeGreaterThan(100);
    expect(citations.length).toBeGreaterThan(50);
  });

  it("cites only paths that exist in this repository", () => {
    const broken = citations
      .filter((citation) => !isAcknowledged(citation) && !resolves(citation))
      .map((citation) => `${citation.file}:${citation.line} cites ${citation.cites}`);
    expect(broken).toEqual([]);
  });

  it("acknowledges only citations that are still made", () => {
    const stale = acknowledged.filter((entry) => !citations.some(isAcknowledgedBy(entry)));
    expect(stale, "no longer cited anywhere: drop these entries").toEqual([]);
  });

  it("catches a broken citation of each kind", () => {
    const probe = [
      "// See app/api/no-such-file.ts and runbooks/decisions/0001-no-such-decision.md, per ROADMAP.md.",
      "// Fine: app/api/api-router.ts, app/migrations/*.sql, runbooks/alerts/<key>.md, app/config/, bench/results/.",
      "[gone](./missing.md) [fine](../README.md) [anchor](../docs/architecture.md#no-such-heading) [web](https://x.y)",
      "[anchored](../docs/architecture.md#the-embedded-database) [folder](decisions/)",
    ].join("\n");
    const broken = citationsIn("runbooks/probe.md", probe)
      .filter((citation) => !resolves(citation))
      .map((citation) => citation.cites);
    expect(broken).toEqual([
      "app/api/no-such-file.ts",
      "runbooks/decisions/0001-no-such-decision.md",
      "ROADMAP.md",
      "runbooks/missing.md",
      "docs/architecture.md#no-such-heading",
    ]);
  });
});
