// The docker target's policies: the whole pack runs clean over the local stack's recorded resources, and each
// docker policy fires, alone, on a container or image that breaks it.
import { describe, expect, it } from "vitest";
import { dockerPolicies } from "../../infra/policy/docker-policies.js";
import { policies } from "../../infra/policy/policies.js";
import { runPolicies } from "./harness/policy-runner.js";
import { recordedStack } from "./harness/recorded-stacks.js";
import type { RecordedResource, StackRun } from "./harness/stack-harness.js";

const container = (name: string) => (r: RecordedResource) =>
  r.type === "docker:index/container:Container" && r.name === name;
const remoteImage = (r: RecordedResource) => r.type === "docker:index/remoteImage:RemoteImage";

/** The run's resources with the first one `pick` selects patched (`undefined` removes an input). */
function patched(run: StackRun, pick: (r: RecordedResource) => boolean, patch: Record<string, unknown>) {
  let hit = false;
  const resources = run.resources.map((resource) => {
    if (hit || !pick(resource)) return resource;
    hit = true;
    const inputs: Record<string, unknown> = { ...resource.inputs, ...patch };
    for (const [key, value] of Object.entries(patch)) if (value === undefined) delete inputs[key];
    return { ...resource, inputs };
  });
  if (!hit) throw new Error("mutation matched no resource");
  return resources;
}

const roleLabels = (role: string) => [
  { label: "rusty-saas.role", value: role },
  { label: "rusty-saas.environment", value: "local" },
];

const firingCases: Record<string, ((run: StackRun) => RecordedResource[])[]> = {
  "docker-container-role": [
    (run) => patched(run, container("valkey"), { labels: [] }),
    (run) => patched(run, container("valkey"), { labels: roleLabels("sidecar") }),
  ],
  "docker-no-privileged": [
    (run) => patched(run, container("proxy"), { privileged: true }),
    (run) => patched(run, container("grafana"), { capabilities: { adds: ["NET_ADMIN"] } }),
    (run) => patched(run, container("valkey"), { devices: [{ hostPath: "/dev/fuse" }] }),
  ],
  "docker-no-host-namespaces": [
    (run) => patched(run, container("prometheus"), { networkMode: "host" }),
    (run) => patched(run, container("postgres-primary"), { pidMode: "host" }),
    (run) =>
      patched(run, container("postgres-primary"), {
        volumes: [{ hostPath: "/var/run/docker.sock", containerPath: "/var/run/docker.sock" }],
      }),
    (run) => patched(run, container("grafana"), { mounts: [{ type: "bind", source: "/etc", target: "/host-etc" }] }),
  ],
  "docker-published-ports": [
    (run) =>
      patched(run, container("postgres-primary"), { ports: [{ internal: 5432, external: 5432, ip: "127.0.0.1" }] }),
    (run) => patched(run, container("api-1"), { ports: [{ internal: 3000, external: 3000, ip: "127.0.0.1" }] }),
    (run) => patched(run, container("proxy"), { ports: [{ internal: 443, external: 8443 }] }),
    (run) => patched(run, container("grafana"), { ports: [{ internal: 3000, external: 3001, ip: "0.0.0.0" }] }),
    (run) => patched(run, container("valkey"), { publishAllPorts: true }),
  ],
  "docker-app-hardened": [
    (run) => patched(run, container("api-1"), { user: undefined }),
    (run) => patched(run, container("api-2"), { user: "0:0" }),
    (run) => patched(run, container("api-1"), { readOnly: false }),
    (run) => patched(run, container("api-1"), { tmpfs: {} }),
    (run) => patched(run, container("api-1"), { healthcheck: { tests: ["CMD", "true"] } }),
    (run) => patched(run, container("migrations"), { user: "root" }),
  ],
  "docker-images-pinned": [
    (run) => patched(run, remoteImage, { name: "postgres:16" }),
    (run) => patched(run, remoteImage, { name: "postgres:16@sha256:abc" }),
  ],
};

describe("policy pack over the local (docker) stack", () => {
  it("finds no violation", async () => {
    expect(await runPolicies(policies, await recordedStack("local"))).toEqual([]);
  });

  it("has a firing test for every docker policy, and each is mandatory", () => {
    expect(dockerPolicies.map((p) => p.name).sort()).toEqual(Object.keys(firingCases).sort());
    for (const policy of dockerPolicies) expect(policy.enforcementLevel, policy.name).toBe("mandatory");
  });

  it.each(Object.entries(firingCases))("%s fires on a bad resource", async (policyName, mutations) => {
    const run = await recordedStack("local");
    for (const mutate of mutations) {
      const violations = await runPolicies(policies, { resources: mutate(run) });
      expect(violations.map((v) => v.policy)).toEqual([policyName]);
    }
  });

  it("lets a configured address other than loopback through (dockerPublishAddress)", async () => {
    const run = await recordedStack("local");
    const resources = patched(run, container("proxy"), { ports: [{ internal: 443, external: 443, ip: "10.0.0.5" }] });
    expect(await runPolicies(policies, { resources })).toEqual([]);
  });
});
