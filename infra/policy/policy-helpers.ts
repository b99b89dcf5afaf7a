// Small readers over untyped resource properties, shared by the policies. Properties arrive as the program's
// inputs (tests) or the provider-checked inputs (pulumi preview); unknown values during a preview are undefined.
import type { PolicyResource, ResourceValidationArgs } from "@pulumi/policy";

export type Props = Record<string, unknown>;

export function asRecord(value: unknown): Props {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Props) : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Provider properties may reach a policy as JSON text (the engine's wire form for nested provider config). */
export function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Tags a resource ends up with: its provider's default tags overlaid with its own. */
export function effectiveTags(
  resource: Pick<ResourceValidationArgs, "props" | "provider"> | Pick<PolicyResource, "props" | "provider">,
): Record<string, string> {
  const defaults = asRecord(asRecord(parseMaybeJson(resource.provider?.props.defaultTags)).tags);
  const own = asRecord(resource.props.tags);
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...defaults, ...own }))
    if (typeof value === "string") merged[key] = value;
  return merged;
}

/** Parses an IAM policy document given as JSON text or object. */
export function policyStatements(document: unknown): Props[] {
  const parsed = asRecord(parseMaybeJson(document));
  const statements = parsed.Statement;
  return Array.isArray(statements)
    ? statements.map(asRecord)
    : [asRecord(statements)].filter((s) => Object.keys(s).length > 0);
}

export function listOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return asArray(value).filter((item): item is string => typeof item === "string");
}
