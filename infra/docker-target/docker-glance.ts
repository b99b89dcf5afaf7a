// The docker target's lines of the plan's "At a glance": each container with its role, image and what it
// publishes on the host, so a reviewer sees at once what a change exposes.
import type { PlannedResource } from "../plan/plan-renderer.js";
import { roleLabel } from "./naming.js";

interface Port {
  readonly ip?: string;
  readonly external?: number;
  readonly internal?: number;
}

export function dockerGlance(resources: readonly PlannedResource[]): string[] {
  const containers = resources
    .filter((r) => r.type === "docker:index/container:Container")
    .sort((a, b) => a.name.localeCompare(b.name));
  if (containers.length === 0) return [];
  const networks = resources.filter((r) => r.type === "docker:index/network:Network");
  return [
    `- docker networks: ${networks.map((n) => `${String(n.inputs.name)}${n.inputs.internal ? " (internal)" : ""}`).join(", ")}`,
    `- containers: ${containers.length}, volumes: ${resources.filter((r) => r.type === "docker:index/volume:Volume").length}`,
    ...containers.map((c) => {
      const labels = (c.inputs.labels as { label: string; value: string }[] | undefined) ?? [];
      const role = labels.find((l) => l.label === roleLabel)?.value ?? "?";
      const ports = ((c.inputs.ports as Port[] | undefined) ?? []).map(
        (p) => `${p.ip ?? "0.0.0.0"}:${p.external ?? "?"}→${p.internal ?? "?"}`,
      );
      return `  ${c.name} (${role})${c.inputs.readOnly ? " read-only" : ""}${c.inputs.user ? ` user ${String(c.inputs.user)}` : ""}${ports.length > 0 ? ` publishes ${ports.join(", ")}` : ""}`;
    }),
  ];
}
