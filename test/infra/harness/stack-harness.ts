// Runs the whole Pulumi program in-process against mocks, from a real Pulumi.<stack>.yaml, and records every
// resource registration (type, name, inputs, parent, provider, protect, secret inputs) and every invoke.
// Used by the whole-stack tests and by `npm run plan`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor, type Mocks } from "@pulumi/pulumi/runtime/mocks.js";
import * as pulumiState from "@pulumi/pulumi/runtime/state.js";
import { parse } from "yaml";
import { imageRevisionVariable } from "../../../infra/config.js";
import { mockCall, mockNewResource, type MockCloudContext } from "./mock-cloud.js";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const programUrl = pathToFileURL(path.join(repoRoot, "infra/index.ts")).href;
const secretSigKey = "4dabf18193072939515e22adb298388d";
const secretSig = "1b47061264138c4ac30d75fd1eb44270";

export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly inputs: Record<string, unknown>;
  /** Top-level input names whose value was (or contained) a Pulumi secret. */
  readonly secretInputs: readonly string[];
  readonly parentUrn: string;
  /** Provider reference `urn::id`, empty for the default provider. */
  readonly provider: string;
  readonly protect: boolean;
  readonly dependsOn: readonly string[];
  /** Input name to the URNs of the resources its value came from. */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export interface RecordedInvoke {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
}

export interface StackRun {
  readonly stack: string;
  readonly config: Readonly<Record<string, string>>;
  readonly resources: readonly RecordedResource[];
  readonly invokes: readonly RecordedInvoke[];
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly secretOutputs: readonly string[];
}

export interface RunStackOptions {
  /** Which Pulumi.<configStack>.yaml to load. */
  readonly configStack: string;
  /** Stack name the program runs under; defaults to configStack (a decoy name proves no getStack() branches). */
  readonly stackName?: string;
  /** Replaces (or with `undefined`, removes) config keys such as `rusty-saas:dbReplicaCount`. */
  readonly overrides?: Readonly<Record<string, string | undefined>>;
  readonly zoneCount?: number;
  /** What the mocked ECR GetAuthorizationToken answers (a real account answers differently on every call). */
  readonly ecrPassword?: string;
}

export function loadStackConfig(configStack: string): Record<string, string> {
  const file = path.join(repoRoot, `Pulumi.${configStack}.yaml`);
  const document = parse(readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(document.config ?? {})) {
    // The CLI hands structured values to the program as JSON text, scalars as strings.
    config[key] = typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
  }
  return config;
}

let runCounter = 0;

/** The commit every mocked run deploys: fixed, so plans and snapshots do not change with each commit. */
export const testImageRevision = "0123456789abcdef0123456789abcdef01234567";

/** The run in progress in this process: the next one starts after it ends (see runStack). */
let previousRun: Promise<unknown> = Promise.resolve();

/**
 * Runs the program once on the mocks. Pulumi's runtime state (mocks, config, pending registrations) is global to
 * the process, so two runs at once would register into each other's recording: runs are queued, one at a time.
 */
export function runStack(options: RunStackOptions): Promise<StackRun> {
  const run = previousRun.then(() => runStackAlone(options));
  previousRun = run.catch(() => undefined);
  return run;
}

async function runStackAlone(options: RunStackOptions): Promise<StackRun> {
  const stack = options.stackName ?? options.configStack;
  const config = loadStackConfig(options.configStack);
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) delete config[key];
    else config[key] = value;
  }
  const context: MockCloudContext = {
    region: config["aws:region"] ?? "eu-west-1",
    zoneCount: options.zoneCount ?? 3,
    ecrPassword: options.ecrPassword,
    providerRegions: new Map(),
  };
  const recorder = recordingMocks(context);
  installMocks(new RecordingMonitor(recorder.mocks, recorder.resources), stack, config);
  // CI exports its own commit; the mocked run must not depend on it.
  process.env[imageRevisionVariable] = testImageRevision;

  const program = (await import(`${programUrl}?run=${++runCounter}`).catch((error: unknown) => {
    throw recorder.unanswered.length > 0 ? new Error(recorder.unanswered.join("\n")) : error;
  })) as Record<string, unknown>;
  await waitForRegistrations();
  if (recorder.unanswered.length > 0) throw new Error(recorder.unanswered.join("\n"));
  const { outputs, secretOutputs } = await resolveOutputs(program);
  await waitForRegistrations();
  return { stack, config, resources: recorder.resources, invokes: recorder.invokes, outputs, secretOutputs };
}

/** Mocks that answer from mock-cloud.ts and remember every invoke, and every one they could not answer. */
function recordingMocks(context: MockCloudContext): {
  mocks: Mocks;
  resources: RecordedResource[];
  invokes: RecordedInvoke[];
  unanswered: string[];
} {
  const recorder = { resources: [] as RecordedResource[], invokes: [] as RecordedInvoke[], unanswered: [] as string[] };
  const mocks: Mocks = {
    newResource: (args) =>
      mockNewResource({ ...args, inputs: unwrapSecrets(args.inputs).value as Record<string, unknown> }, context),
    call: (args) => {
      recorder.invokes.push({ token: args.token, inputs: args.inputs as Record<string, unknown> });
      try {
        return mockCall(args, context);
      } catch (error) {
        recorder.unanswered.push((error as Error).message);
        throw error;
      }
    },
  };
  return { mocks, ...recorder };
}

/** What setMocks does, with our recording monitor: mocks support every feature but output values. */
function installMocks(monitor: MockMonitor, stack: string, config: Record<string, string>): void {
  pulumi.runtime.setMockOptions(monitor, "rusty-saas", stack, false, "organization");
  Object.assign((pulumiState as unknown as { getStore(): object }).getStore(), {
    supportsSecrets: true,
    supportsResourceReferences: true,
    supportsOutputValues: false,
    supportsDeletedWith: true,
    supportsAliasSpecs: true,
    supportsTransforms: false,
    supportsParameterization: true,
  });
  pulumi.runtime.setAllConfig(config, []);
}

/** Waits until every pending resource registration has reached the mock monitor (SDK-internal, not typed). */
function waitForRegistrations(): Promise<void> {
  return (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

class RecordingMonitor extends MockMonitor {
  constructor(
    mocks: Mocks,
    private readonly sink: RecordedResource[],
  ) {
    super(mocks);
  }

  override async registerResource(
    req: RegisterRequest,
    callback: (err: unknown, response: unknown) => void,
  ): Promise<void> {
    const inputs = pulumi.runtime.deserializeProperties(req.getObject()) as Record<string, unknown>;
    const wire = req.getObject().toJavaScript() as Record<string, unknown>;
    const secretInputs = Object.entries(wire)
      .filter(([, value]) => unwrapSecrets(value).secret)
      .map(([key]) => key);
    return super.registerResource(req, (err: unknown, response: unknown) => {
      if (!err) {
        this.sink.push({
          urn: (response as { getUrn(): string }).getUrn(),
          type: req.getType(),
          name: req.getName(),
          custom: req.getCustom(),
          inputs: unwrapSecrets(inputs).value as Record<string, unknown>,
          secretInputs,
          parentUrn: req.getParent(),
          provider: req.getProvider(),
          protect: req.getProtect() ?? false,
          dependsOn: req.getDependenciesList(),
          propertyDependencies: propertyDependencies(req),
        });
      }
      callback(err, response);
    });
  }
}

type WireStruct = Parameters<typeof pulumi.runtime.deserializeProperties>[0];

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getObject(): WireStruct;
  getCustom(): boolean;
  getParent(): string;
  getProvider(): string;
  getProtect(): boolean | undefined;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(visit: (deps: { getUrnsList(): string[] }, key: string) => void): void };
}

function propertyDependencies(req: RegisterRequest): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps, key) => {
    result[key] = deps.getUrnsList();
  });
  return result;
}

/** Strips Pulumi's secret wrappers, telling whether any were found. */
export function unwrapSecrets(value: unknown): { value: unknown; secret: boolean } {
  if (Array.isArray(value)) {
    const items = value.map(unwrapSecrets);
    return { value: items.map((item) => item.value), secret: items.some((item) => item.secret) };
  }
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    if (record[secretSigKey] === secretSig) return { value: unwrapSecrets(record.value).value, secret: true };
    let secret = false;
    const entries = Object.entries(record).map(([key, item]) => {
      const unwrapped = unwrapSecrets(item);
      secret ||= unwrapped.secret;
      return [key, unwrapped.value] as const;
    });
    return { value: Object.fromEntries(entries), secret };
  }
  return { value, secret: false };
}

async function resolveOutputs(
  program: Record<string, unknown>,
): Promise<{ outputs: Record<string, unknown>; secretOutputs: string[] }> {
  const outputs: Record<string, unknown> = {};
  const secretOutputs: string[] = [];
  // As Pulumi does: a default export is the outputs object (infra/index.ts), otherwise the named exports are.
  const exports = "default" in program ? (program.default as Record<string, unknown>) : program;
  for (const [name, exported] of Object.entries(exports)) {
    const output: pulumi.Output<unknown> = pulumi.output(exported as pulumi.Input<string>);
    outputs[name] = await new Promise((resolve) => output.apply((value: unknown) => resolve(value)));
    if (await pulumi.isSecret(output)) secretOutputs.push(name);
  }
  return { outputs, secretOutputs };
}
