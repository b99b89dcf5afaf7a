// The shapes a stack setting's value can take. Pulumi hands the program every value as text (lists as JSON), so a
// kind parses that text, names every way it is wrong, and says in words what it accepts: the words are the
// "allowed" column of infra/README.md's settings table, so the table and the check come from the same object.

export interface SettingKind<T> {
  /** What the kind accepts, as the README shows it. */
  readonly allowed: string;
  /** The value, or every problem with the text (each a sentence fragment that follows the key's name). */
  parse(text: string): { readonly value: T } | { readonly problems: readonly string[] };
}

const quoted = (text: string) => JSON.stringify(text);

export function integer(min: number, max: number): SettingKind<number> {
  return {
    allowed: `integer ${min}–${max}`,
    parse: (text) => {
      const value = Number(text);
      return Number.isInteger(value) && value >= min && value <= max
        ? { value }
        : { problems: [`${quoted(text)} must be an integer from ${min} to ${max}`] };
    },
  };
}

/** One of a fixed list of numbers (AWS accepts only these). */
export function numberIn(values: readonly number[]): SettingKind<number> {
  return {
    allowed: `one of ${values.join(", ")}`,
    parse: (text) => {
      const value = Number(text);
      return text.trim() !== "" && values.includes(value)
        ? { value }
        : { problems: [`${quoted(text)} must be one of ${values.join(", ")}`] };
    },
  };
}

export function choice<const T extends string>(values: readonly T[]): SettingKind<T> {
  return {
    allowed:
      (values.length === 2 ? "" : "one of ") +
      values.map((value) => `\`${value}\``).join(values.length === 2 ? " or " : ", "),
    parse: (text) => {
      const value = values.find((candidate) => candidate === text);
      return value === undefined ? { problems: [`${quoted(text)} must be one of ${values.join(", ")}`] } : { value };
    },
  };
}

export const boolean: SettingKind<boolean> = {
  allowed: "`true` or `false`",
  parse: (text) =>
    text === "true" || text === "false"
      ? { value: text === "true" }
      : { problems: [`${quoted(text)} must be true or false`] },
};

export interface TextRule {
  /** What the text must be, in words: the README's "allowed" cell. */
  readonly allowed: string;
  readonly pattern?: RegExp;
  /** Follows the quoted value when the pattern does not match, e.g. "must be a lowercase DNS name". */
  readonly hint?: string;
  /** Further checks on text that matched the pattern, each problem a complete fragment. */
  readonly problems?: (text: string) => readonly string[];
}

export function text(rule: TextRule): SettingKind<string> {
  return {
    allowed: rule.allowed,
    parse: (value) => {
      if (rule.pattern && !rule.pattern.test(value))
        return { problems: [`${quoted(value)} ${rule.hint ?? `must match ${rule.pattern}`}`] };
      const problems = rule.problems?.(value) ?? [];
      return problems.length > 0 ? { problems } : { value };
    },
  };
}

/** A list of distinct strings, each matching `item` (a stack file writes it as a YAML list). */
export function textList(rule: { allowed: string; item: RegExp; hint: string }): SettingKind<readonly string[]> {
  return {
    allowed: `list of ${rule.allowed}`,
    parse: (value) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        parsed = undefined;
      }
      if (!Array.isArray(parsed) || !parsed.every((item): item is string => typeof item === "string"))
        return { problems: ["must be a list of strings"] };
      const bad = parsed.filter((item) => !rule.item.test(item));
      const problems = [
        ...(bad.length > 0 ? [`${bad.map(quoted).join(", ")} ${rule.hint}`] : []),
        ...(new Set(parsed).size !== parsed.length ? ["has duplicate entries"] : []),
      ];
      return problems.length > 0 ? { problems } : { value: parsed };
    },
  };
}

/** Retention values CloudWatch Logs accepts; anything else is rejected by the API at deploy time. */
export const logRetentionChoices = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** A CloudWatch Logs retention in days. */
export const logRetention = numberIn(logRetentionChoices);
