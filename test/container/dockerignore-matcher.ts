// Decides whether a path of the build context is sent to the builder, following .dockerignore's documented rules:
// `#` comments, `!` re-includes, the last matching line wins, `**` spans directories, `*` and `?` stay within one
// path segment, and a pattern that matches a directory excludes everything under it.

interface IgnoreRule {
  pattern: string;
  negated: boolean;
  matcher: RegExp;
}

export interface DockerignoreMatcher {
  rules: readonly IgnoreRule[];
  /** True when `contextPath` (relative, `/`-separated) is left out of the build context. */
  excludes(contextPath: string): boolean;
}

export function parseDockerignore(text: string): DockerignoreMatcher {
  const rules = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line): IgnoreRule => {
      const negated = line.startsWith("!");
      const pattern = normalise(negated ? line.slice(1).trim() : line);
      return { pattern, negated, matcher: globToRegExp(pattern) };
    });

  return {
    rules,
    excludes(contextPath: string): boolean {
      const candidates = ancestorsAndSelf(normalise(contextPath));
      let excluded = false;
      for (const rule of rules) {
        if (candidates.some((candidate) => rule.matcher.test(candidate))) excluded = !rule.negated;
      }
      return excluded;
    },
  };
}

function normalise(pattern: string): string {
  return pattern.replace(/^\.\//, "").replace(/^\/+/, "").replace(/\/+$/, "");
}

function ancestorsAndSelf(contextPath: string): string[] {
  const segments = contextPath.split("/");
  return segments.map((_, index) => segments.slice(0, index + 1).join("/"));
}

function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index]!;
    if (char === "*" && pattern[index + 1] === "*") {
      const followedBySlash = pattern[index + 2] === "/";
      source += followedBySlash ? "(?:.*/)?" : ".*";
      index += followedBySlash ? 2 : 1;
    } else if (char === "*") {
      source += "[^/]*";
    } else if (char === "?") {
      source += "[^/]";
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`);
}
