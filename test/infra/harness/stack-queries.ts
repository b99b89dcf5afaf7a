// Lookups over a recorded run, failing loudly with what was there instead.
import type { RecordedResource, StackRun } from "./stack-harness.js";

export function ofType(run: Pick<StackRun, "resources">, type: string): RecordedResource[] {
  return run.resources.filter((resource) => resource.type === type);
}

export function one(run: Pick<StackRun, "resources">, type: string, name?: string): RecordedResource {
  const matches = ofType(run, type).filter((resource) => name === undefined || resource.name === name);
  if (matches.length !== 1) {
    throw new Error(
      `expected one ${type}${name ? ` named ${name}` : ""}, found ${matches.length}: ${
        ofType(run, type)
          .map((r) => r.name)
          .join(", ") || "none"
      }`,
    );
  }
  return matches[0] as RecordedResource;
}

export function byUrn(run: Pick<StackRun, "resources">, urn: string): RecordedResource | undefined {
  return run.resources.find((resource) => resource.urn === urn);
}

/** Mock ids are `<logical name>-id`; this finds the resource an id input points at. */
export function byMockId(run: Pick<StackRun, "resources">, id: unknown): RecordedResource | undefined {
  return typeof id === "string" ? run.resources.find((resource) => `${resource.name}-id` === id) : undefined;
}

export function input<T = unknown>(resource: RecordedResource, key: string): T {
  return resource.inputs[key] as T;
}

/** Names of the resources an input was computed from. */
export function sourcesOf(run: Pick<StackRun, "resources">, resource: RecordedResource, key: string): string[] {
  return (resource.propertyDependencies[key] ?? []).map((urn) => byUrn(run, urn)?.name ?? urn);
}

export function parseJson(value: unknown): Record<string, unknown> {
  if (typeof value !== "string") throw new Error(`expected JSON text, got ${typeof value}`);
  return JSON.parse(value) as Record<string, unknown>;
}
