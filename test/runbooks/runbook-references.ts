// What a runbook page points at, and whether it exists: npm scripts (`npm run x`), drills (`npm run drill -- x`),
// repository paths (`runbooks/…`, `app/…`, `.ci/run`, relative Markdown links), named procedures
// (`procedure: rollback` → runbooks/procedures/rollback.md, also when a line break falls after the colon) and
// decision numbers (`decision 0040` → the record in runbooks/decisions/ whose name starts 0040-). A procedure or
// runbook named in prose ("the database failover procedure") is reported too: no check can follow it, so it must
// take one of those forms. An operator at 3 a.m. must never follow a page to something that is not there. Pure:
// the repository is passed in as data.
import path from "node:path";

export interface Repository {
  /** Every file and folder, relative to the root, with `/` separators. */
  paths: Set<string>;
  scripts: Set<string>;
  drills: Set<string>;
}

export interface BrokenReference {
  page: string;
  reference: string;
  reason: string;
}

/** npm's own commands a page may show; `npm test` and `npm start` also need their script. */
const npmCommands = new Set([
  "ci",
  "install",
  "audit",
  "ls",
  "outdated",
  "exec",
  "view",
  "pack",
  "version",
  "update",
  "sbom",
]);
const scriptShorthands = new Set(["test", "start"]);
const topLevel = ["app", "infra", "monitoring", "runbooks", "test", "scripts", "bench", "\\.github", "\\.ci"];
const pathPattern = new RegExp(
  `(?<![\\w/.@:-])((?:${topLevel.join("|")})/[\\w./<>*{}-]*|package\\.json|Dockerfile|Pulumi\\.[\\w<>-]+\\.yaml)`,
  "g",
);

export function brokenReferences(page: string, markdown: string, repository: Repository): BrokenReference[] {
  const broken: BrokenReference[] = [];
  const report = (reference: string, reason: string) => broken.push({ page, reference, reason });
  for (const match of markdown.matchAll(/npm run(?: --silent| -s)? ([\w:.-]+)(?: --)?(?: ([\w-]+))?/g)) {
    const [whole, script = "", argument] = match;
    if (!repository.scripts.has(script)) report(whole, `package.json has no script "${script}"`);
    else if (script === "drill" && argument && !repository.drills.has(argument))
      report(whole, `no drill named "${argument}"`);
  }
  // Bare `npm <command>` only in code: in prose "npm script" is a phrase, not a command.
  for (const match of codeOf(markdown).matchAll(/(?<![\w-])npm (?!run\b)([a-z][a-z-]*)/g)) {
    const [whole, command = ""] = match;
    if (scriptShorthands.has(command)) {
      if (!repository.scripts.has(command)) report(whole, `package.json has no script "${command}"`);
    } else if (!npmCommands.has(command)) report(whole, `"npm ${command}" is not an npm command`);
  }
  for (const match of markdown.matchAll(pathPattern)) {
    const reference = trimPath(match[1] ?? "");
    if (reference && !pathExists(reference, repository)) report(reference, "no such file or folder");
  }
  for (const match of markdown.matchAll(/\]\((?!https?:|mailto:|#)([^)\s]+)\)/g)) {
    const target = (match[1] ?? "").split("#")[0] ?? "";
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(page), target));
    if (target && !pathExists(resolved, repository))
      report(target, `link resolves to ${resolved}, which does not exist`);
  }
  for (const match of markdown.matchAll(/\bprocedure:\s+([a-z][a-z0-9-]*)/g)) {
    const name = match[1] ?? "";
    if (!repository.paths.has(`runbooks/procedures/${name}.md`))
      report(`procedure: ${name}`, `no runbooks/procedures/${name}.md`);
  }
  for (const match of markdown.matchAll(/\b[Dd]ecision (\d{4})\b/g)) {
    const number = match[1] ?? "";
    if (!pathExists(`runbooks/decisions/${number}-*`, repository))
      report(match[0], `no runbooks/decisions/${number}-….md`);
  }
  for (const match of markdown.matchAll(proseReference))
    report(
      match[0].replace(/\s+/g, " "),
      "a procedure or runbook named in prose: write `procedure: <name>` or link the page",
    );
  return broken;
}

/**
 * "the database failover procedure", "a documented retention procedure", "the database runbooks": a qualified name
 * points at one page; a bare "a procedure" is ordinary English and points nowhere.
 */
const proseReference =
  /\b(?:the|a|an|this|that)\s+(?:(?!procedure|runbook)[\w-]+\s+){1,3}?(?:procedure|runbooks?)\b(?!:)/gi;

/** The text of fenced blocks and inline code spans. */
function codeOf(markdown: string): string {
  const fenced = [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((match) => match[1] ?? "");
  const inline = [...markdown.replace(/^```[\s\S]*?^```/gm, "").matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? "");
  return [...fenced, ...inline].join("\n");
}

/** Trailing punctuation and line numbers belong to the sentence, not the path. */
function trimPath(reference: string): string {
  return reference.replace(/:\d+$/, "").replace(/[.,;:)]+$/, "");
}

/** Exact, or with `<placeholder>` / `*` / `{a,b}` standing for one path segment's text. */
function pathExists(reference: string, repository: Repository): boolean {
  const clean = reference.replace(/\/$/, "");
  if (!/[<*{]/.test(clean)) return repository.paths.has(clean);
  const pattern = new RegExp(
    `^${clean
      .split(/(<[^>]*>|\*|\{[^}]*\})/)
      .map((part) => {
        if (part.startsWith("<") || part === "*") return "[^/]+";
        if (part.startsWith("{")) return `(?:${part.slice(1, -1).split(",").map(escapeRegExp).join("|")})`;
        return escapeRegExp(part);
      })
      .join("")}$`,
  );
  return [...repository.paths].some((candidate) => pattern.test(candidate));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
