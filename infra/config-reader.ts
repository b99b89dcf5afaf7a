// Collects every problem in a stack's settings before failing, so one `pulumi preview` shows them all.
import { configKeyDocs, configNamespace, type ConfigKey, type ConfigKeyDoc } from "./config-keys.js";

export type RawConfigSource = (fullKey: string) => string | undefined;

export class InfraConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n- ${problems.join("\n- ")}`,
    );
    this.name = "InfraConfigError";
  }
}

export class ConfigReader {
  readonly problems: string[] = [];

  constructor(private readonly source: RawConfigSource) {}

  fail(key: string, message: string): void {
    this.problems.push(`${key}: ${message}`);
  }

  /** The raw value of a project key, or its documented default; reports a missing required key. */
  raw(key: ConfigKey): string | undefined {
    const fullKey = `${configNamespace}:${key}`;
    const doc: ConfigKeyDoc = configKeyDocs[key];
    const value = this.source(fullKey) ?? doc.default;
    if (value === undefined || value.trim() === "") this.fail(fullKey, "is required");
    return value;
  }

  rawExternal(fullKey: string): string | undefined {
    const value = this.source(fullKey);
    if (value === undefined || value.trim() === "") this.fail(fullKey, "is required");
    return value;
  }

  string(key: ConfigKey, pattern?: RegExp, hint?: string): string {
    const value = this.raw(key) ?? "";
    if (value !== "" && pattern && !pattern.test(value))
      this.fail(`${configNamespace}:${key}`, `${JSON.stringify(value)} ${hint ?? `must match ${pattern}`}`);
    return value;
  }

  integer(key: ConfigKey, min: number, max: number): number {
    const value = this.raw(key);
    if (value === undefined) return min;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      this.fail(`${configNamespace}:${key}`, `${JSON.stringify(value)} must be an integer from ${min} to ${max}`);
      return min;
    }
    return parsed;
  }

  oneOfNumbers(key: ConfigKey, allowed: readonly number[]): number {
    const value = this.raw(key);
    const parsed = Number(value);
    if (value === undefined || !allowed.includes(parsed)) {
      if (value !== undefined)
        this.fail(`${configNamespace}:${key}`, `${JSON.stringify(value)} must be one of ${allowed.join(", ")}`);
      return allowed[0] ?? 0;
    }
    return parsed;
  }

  boolean(key: ConfigKey): boolean {
    const value = this.raw(key);
    if (value === "true") return true;
    if (value !== "false" && value !== undefined)
      this.fail(`${configNamespace}:${key}`, `${JSON.stringify(value)} must be true or false`);
    return false;
  }

  choice<T extends string>(key: ConfigKey, allowed: readonly T[]): T {
    const value = this.raw(key);
    const match = allowed.find((candidate) => candidate === value);
    if (match === undefined) {
      if (value !== undefined)
        this.fail(`${configNamespace}:${key}`, `${JSON.stringify(value)} must be one of ${allowed.join(", ")}`);
      return allowed[0] as T;
    }
    return match;
  }

  stringList(key: ConfigKey, itemPattern: RegExp, hint: string): string[] {
    const value = this.raw(key);
    if (value === undefined) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((item): item is string => typeof item === "string")) {
      this.fail(`${configNamespace}:${key}`, "must be a list of strings");
      return [];
    }
    const bad = parsed.filter((item) => !itemPattern.test(item));
    if (bad.length > 0)
      this.fail(`${configNamespace}:${key}`, `${bad.map((item) => JSON.stringify(item)).join(", ")} ${hint}`);
    if (new Set(parsed).size !== parsed.length) this.fail(`${configNamespace}:${key}`, "has duplicate entries");
    return parsed;
  }

  assertValid(): void {
    if (this.problems.length > 0) throw new InfraConfigError(this.problems);
  }
}
