// Runs the policy list over a recorded stack the way the policy engine would during `pulumi preview`:
// resource policies once per resource, stack policies once with every resource and its links.
import type {
  Policies,
  PolicyProviderResource,
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { RecordedResource, StackRun } from "./stack-harness.js";

export interface Violation {
  readonly policy: string;
  readonly urn: string;
  readonly message: string;
}

export interface PolicyInput {
  readonly resources: readonly RecordedResource[];
}

function buildPolicyResources(run: PolicyInput): Map<string, PolicyResource> {
  const byUrn = new Map<string, PolicyResource>();
  const providers = new Map<string, PolicyProviderResource>();
  for (const recorded of run.resources) {
    if (recorded.type.startsWith("pulumi:providers:")) {
      providers.set(recorded.urn, {
        type: recorded.type,
        props: recorded.inputs,
        urn: recorded.urn,
        name: recorded.name,
      });
    }
  }
  for (const recorded of run.resources) {
    const providerUrn = recorded.provider.split("::").slice(0, -1).join("::");
    const resource: PolicyResource = {
      type: recorded.type,
      props: recorded.inputs,
      urn: recorded.urn,
      name: recorded.name,
      opts: {
        protect: recorded.protect,
        ignoreChanges: [],
        aliases: [],
        additionalSecretOutputs: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      },
      provider: providers.get(providerUrn),
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    };
    byUrn.set(recorded.urn, resource);
  }
  for (const recorded of run.resources) {
    const resource = byUrn.get(recorded.urn);
    if (!resource) continue;
    resource.parent = byUrn.get(recorded.parentUrn);
    resource.dependencies = recorded.dependsOn.flatMap((urn) => byUrn.get(urn) ?? []);
    resource.propertyDependencies = Object.fromEntries(
      Object.entries(recorded.propertyDependencies).map(([key, urns]) => [
        key,
        urns.flatMap((urn) => byUrn.get(urn) ?? []),
      ]),
    );
  }
  return byUrn;
}

export async function runPolicies(policies: Policies, run: PolicyInput | StackRun): Promise<Violation[]> {
  const violations: Violation[] = [];
  const resources = [...buildPolicyResources(run).values()];
  for (const policy of policies) {
    const report = (urn: string) => (message: string, reportedUrn?: string) =>
      violations.push({ policy: policy.name, urn: reportedUrn ?? urn, message });
    if ("validateStack" in policy) {
      await (policy as StackValidationPolicy).validateStack(
        { resources, stackTags: new Map(), getConfig: () => ({}) as never, notApplicable: () => undefined as never },
        report(""),
      );
    }
    const validators = (policy as ResourceValidationPolicy).validateResource;
    for (const validate of validators === undefined ? [] : Array.isArray(validators) ? validators : [validators]) {
      for (const resource of resources) {
        const args: ResourceValidationArgs = {
          type: resource.type,
          props: resource.props,
          urn: resource.urn,
          name: resource.name,
          opts: resource.opts,
          provider: resource.provider,
          stackTags: new Map(),
          isType: () => false,
          asType: () => undefined,
          getConfig: () => ({}) as never,
          notApplicable: () => undefined as never,
        };
        await validate(args, report(resource.urn));
      }
    }
  }
  return violations;
}
