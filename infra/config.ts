// The only reader of stack configuration. Every setting is parsed and checked as its declaration says
// (config-settings.ts), every problem is collected, each naming its key, and the typed result goes to the
// components, which receive plain values and never read pulumi.Config themselves.
import * as pulumi from "@pulumi/pulumi";
import { fullKey, type AnySettingGroup, type Setting } from "./config-schema.js";
import { dockerStackSettings, stackSettings, type DockerConfig, type InfraConfig } from "./config-settings.js";
import { targetSettings, type DeployTarget } from "./shared-settings.js";

export type {
  CacheSettings,
  DatabaseSettings,
  DockerConfig,
  DockerSettings,
  EdgeSettings,
  InfraConfig,
  MonitoringSettings,
  NetworkSettings,
  RecoverySettings,
  ServiceSettings,
  StackWideSettings,
} from "./config-settings.js";

/** Where raw values come from: Pulumi's config in a deployment, a plain map in the tests. */
export type RawConfigSource = (fullKey: string) => string | undefined;

export class InfraConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n- ${problems.join("\n- ")}`,
    );
    this.name = "InfraConfigError";
  }
}

/** The AWS target's configuration (config-settings.ts, `stackSettings`). */
export function parseInfraConfig(source: RawConfigSource): InfraConfig {
  // Every setting parsed, so every field of every group is there: the shape InfraConfig derives from.
  return parseGroups(stackSettings, source) as unknown as InfraConfig;
}

/** The docker target's configuration (config-settings.ts, `dockerStackSettings`). */
export function parseDockerConfig(source: RawConfigSource): DockerConfig {
  return parseGroups(dockerStackSettings, source) as unknown as DockerConfig;
}

/** Which target the stack deploys to (`rusty-saas:target`), read before anything else. */
export function parseStackTarget(source: RawConfigSource): DeployTarget {
  return (parseGroups({ target: targetSettings }, source) as { target: { target: DeployTarget } }).target.target;
}

function parseGroups(
  groups: Readonly<Record<string, AnySettingGroup>>,
  source: RawConfigSource,
): Record<string, Record<string, unknown>> {
  const problems: string[] = [];
  const config = Object.fromEntries(
    Object.entries(groups).map(([name, declared]) => [name, parseGroup(declared, source, problems)]),
  );
  if (problems.length > 0) throw new InfraConfigError(problems);
  return config;
}

/**
 * One group's values: each setting parsed on its own, then the group's rules run on the settings they read when
 * all of those parsed (a missing or malformed value yields one problem, not a cascade). Problems go to `problems`.
 */
export function parseGroup(
  declared: AnySettingGroup,
  source: RawConfigSource,
  problems: string[],
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [field, setting] of Object.entries(declared.settings)) {
    const result = parseSetting(setting, source);
    if ("problems" in result) problems.push(...result.problems);
    else values[field] = result.value;
  }
  for (const rule of declared.rules) {
    if (![rule.field, ...rule.uses].every((field) => field in values)) continue;
    const problem = rule.check(values);
    if (problem !== undefined) problems.push(`${fullKey(declared.settings[rule.field]!)}: ${problem}`);
  }
  return values;
}

/** A setting's value (its default when the stack leaves it out), or its problems, each naming the key. */
export function parseSetting(
  setting: Setting<unknown>,
  source: RawConfigSource,
): { value: unknown } | { problems: string[] } {
  const key = fullKey(setting);
  const text = source(key) ?? setting.default;
  if (text === undefined || text.trim() === "") return { problems: [`${key}: is required`] };
  const parsed = setting.kind.parse(text);
  if ("problems" in parsed)
    // A secret's value never appears in a message: only what it should have been.
    return setting.secret
      ? { problems: [`${key}: the secret value does not fit: ${setting.kind.allowed}`] }
      : { problems: parsed.problems.map((problem) => `${key}: ${problem}`) };
  return { value: setting.secret ? pulumi.secret(parsed.value) : parsed.value };
}

/** The current stack's raw values through Pulumi; the single place that reads them. */
function pulumiConfigSource(): RawConfigSource {
  const byNamespace = new Map<string, pulumi.Config>();
  return (fullKey) => {
    const [namespace = "", key = ""] = fullKey.split(":");
    const config = byNamespace.get(namespace) ?? new pulumi.Config(namespace);
    byNamespace.set(namespace, config);
    return config.get(key);
  };
}

/** Reads the current stack's configuration for the AWS target. */
export function loadInfraConfig(): InfraConfig {
  return parseInfraConfig(pulumiConfigSource());
}

/** Reads the current stack's configuration for the docker target. */
export function loadDockerConfig(): DockerConfig {
  return parseDockerConfig(pulumiConfigSource());
}

/** Reads the current stack's target: infra/index.ts deploys that target's program and no other. */
export function loadStackTarget(): DeployTarget {
  return parseStackTarget(pulumiConfigSource());
}

/** Where the deployed commit comes from: set by CI (`github.sha`), or by hand as `$(git rev-parse HEAD)`. */
export const imageRevisionVariable = "RUSTY_SAAS_IMAGE_REVISION";

/**
 * The git commit being deployed, which tags the image immutably. Not stack config: it changes with every commit,
 * while the stack files hold what differs between stacks. Required, so no build is pushed without a tag that
 * keeps its digest in ECR (see image-plan.ts).
 */
export function parseImageRevision(value: string | undefined): string {
  if (value === undefined || !/^[0-9a-f]{40}$/.test(value))
    throw new InfraConfigError([
      `${imageRevisionVariable}: ${value === undefined ? "not set" : JSON.stringify(value)}; set it to the full git commit being deployed, e.g. ${imageRevisionVariable}=$(git rev-parse HEAD)`,
    ]);
  return value;
}

export function loadImageRevision(): string {
  return parseImageRevision(process.env[imageRevisionVariable]);
}

/** Checks the zone count against the zones the region really has (known only after asking AWS). */
export function assertZonesAvailable(config: InfraConfig, zoneNames: readonly string[]): void {
  if (zoneNames.length < config.network.zoneCount) {
    throw new InfraConfigError([
      `${fullKey(stackSettings.network.settings.zoneCount)}: ${config.network.zoneCount} zones requested but region ${config.stack.region} has ${zoneNames.length} available`,
    ]);
  }
}
