// Renders a mocked run as a reviewable plan: counts by type, then each component's resources with the inputs a
// reviewer weighs. Deterministic (sorted, no URNs or stack names) so it can be committed and diffed; secret
// inputs are redacted.
import { planGlance } from "./plan-glance.js";

export interface PlannedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly secretInputs: readonly string[];
  readonly parentUrn: string;
  readonly protect: boolean;
}

export interface PlanInput {
  readonly title: string;
  readonly resources: readonly PlannedResource[];
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** Inputs that only add noise to a review (the provider merges default tags; names repeat the logical name). */
const hiddenInputs = new Set(["tags", "tagsAll", "__defaults"]);
const maxValueLength = 400;
/** JSON documents a reviewer must read whole: what the task runs with and what the roles may do. */
const expandedInputs = new Set(["containerDefinitions", "policy", "assumeRolePolicy", "definition"]);

export function renderPlan(plan: PlanInput): string {
  const lines = [
    `# ${plan.title}`,
    "",
    `${plan.resources.length} resources`,
    "",
    "## At a glance",
    "",
    ...planGlance(plan.resources),
    "",
    "## Counts by type",
    "",
  ];
  const counts = new Map<string, number>();
  for (const resource of plan.resources) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  const width = Math.max(...[...counts.keys()].map((type) => type.length));
  for (const [type, count] of [...counts].sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`${type.padEnd(width)}  ${count}`);

  const byParent = new Map<string, PlannedResource[]>();
  for (const resource of plan.resources)
    byParent.set(resource.parentUrn, [...(byParent.get(resource.parentUrn) ?? []), resource]);
  const components = plan.resources.filter((r) => byParent.has(r.urn) || r.parentUrn === "").sort(compareResources);
  for (const component of components) {
    const children = (byParent.get(component.urn) ?? []).sort(compareResources);
    if (component.parentUrn === "" && children.length === 0) {
      lines.push("", `## ${component.type} ${component.name}`, ...renderInputs(component));
      continue;
    }
    lines.push("", `## ${component.name} (${component.type}, ${children.length} resources)`);
    for (const child of children)
      lines.push("", `### ${child.type} ${child.name}${child.protect ? " [protected]" : ""}`, ...renderInputs(child));
  }
  lines.push("", "## Outputs", "");
  for (const [name, value] of Object.entries(plan.outputs).sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`${name}: ${formatValue(value)}`);
  return `${lines.join("\n")}\n`;
}

function compareResources(a: PlannedResource, b: PlannedResource): number {
  return a.type.localeCompare(b.type) || a.name.localeCompare(b.name);
}

function renderInputs(resource: PlannedResource): string[] {
  return Object.keys(resource.inputs)
    .filter((key) => !hiddenInputs.has(key) && resource.inputs[key] !== undefined)
    .sort()
    .map((key) => {
      if (resource.secretInputs.includes(key)) return `  ${key}: [secret]`;
      return `  ${key}: ${expandedInputs.has(key) ? formatExpanded(resource.inputs[key]) : formatValue(resource.inputs[key])}`;
    });
}

/** A JSON or YAML document, indented under its key. */
function formatExpanded(value: unknown): string {
  let shown = value;
  if (typeof value === "string") {
    try {
      shown = JSON.parse(value) as unknown;
    } catch {
      return `|\n${value
        .trimEnd()
        .split("\n")
        .map((line) => `    ${line}`)
        .join("\n")}`;
    }
  }
  return `\n${JSON.stringify(shown, null, 2)
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n")}`;
}

/** One line per value: JSON documents (IAM policies, container definitions) are parsed and shown compactly. */
export function formatValue(value: unknown): string {
  let shown = value;
  if (typeof value === "string" && /^[[{]/.test(value)) {
    try {
      shown = JSON.parse(value) as unknown;
    } catch {
      shown = value;
    }
  }
  const text = typeof shown === "string" ? shown : JSON.stringify(shown);
  return text.length > maxValueLength ? `${text.slice(0, maxValueLength)}… (${text.length} chars)` : text;
}
