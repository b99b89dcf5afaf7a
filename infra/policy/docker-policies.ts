// The docker target's exposure and hardening (infra/docker-target/): no container with more power over the host
// than a plain one, nothing published but the proxy and the monitoring UIs and those on a named address, the API
// as locked down as on ECS, and every third-party image pinned by digest.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { imageByDigestPattern } from "../docker-target/docker-settings.js";
import { containerRoles, publishingRoles, roleLabel, type ContainerRole } from "../docker-target/naming.js";
import { asArray, asRecord, listOf, type Props } from "./policy-helpers.js";

const containerType = "docker:index/container:Container";
const hostModes = ["networkMode", "pidMode", "ipcMode", "usernsMode", "cgroupnsMode"] as const;
const rootUsers = new Set(["", "0", "root", "0:0", "root:root"]);

function roleOf(props: Props): string | undefined {
  const label = asArray(props.labels)
    .map(asRecord)
    .find((item) => item.label === roleLabel);
  return typeof label?.value === "string" ? label.value : undefined;
}

const containerPolicy = (
  name: string,
  description: string,
  check: (props: Props, role: ContainerRole | undefined) => string[],
): ResourceValidationPolicy => ({
  name,
  description,
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== containerType) return;
    const role = roleOf(args.props);
    const known = containerRoles.find((candidate) => candidate === role);
    for (const problem of check(args.props, known)) reportViolation(problem);
  },
});

export const dockerPolicies: ResourceValidationPolicy[] = [
  containerPolicy(
    "docker-container-role",
    `Every container says what it is for (label ${roleLabel}: ${containerRoles.join(", ")}), which the other policies judge it by.`,
    (props, role) => (role === undefined ? [`label ${roleLabel} is ${String(roleOf(props))}`] : []),
  ),
  containerPolicy(
    "docker-no-privileged",
    "No container is privileged, gains capabilities, or is given host devices.",
    (props) => [
      ...(props.privileged === true ? ["privileged is true"] : []),
      ...(listOf(asRecord(props.capabilities).adds).length > 0
        ? [`adds capabilities ${listOf(asRecord(props.capabilities).adds).join(", ")}`]
        : []),
      ...(asArray(props.devices).length > 0 ? ["is given host devices"] : []),
    ],
  ),
  containerPolicy(
    "docker-no-host-namespaces",
    "No container shares the host's network, PID, IPC, user or cgroup namespace, or mounts a host path.",
    (props) => [
      ...hostModes.filter((mode) => props[mode] === "host").map((mode) => `${mode} is host`),
      ...asArray(props.volumes)
        .map(asRecord)
        .filter((volume) => typeof volume.hostPath === "string")
        .map((volume) => `mounts the host path ${String(volume.hostPath)}`),
      ...asArray(props.mounts)
        .map(asRecord)
        .filter((mount) => mount.type === "bind")
        .map((mount) => `bind-mounts ${String(mount.source)}`),
    ],
  ),
  containerPolicy(
    "docker-published-ports",
    `Only the ${publishingRoles.join(" and ")} containers publish ports, each on a named address (never all interfaces).`,
    (props, role) => {
      const ports = asArray(props.ports).map(asRecord);
      const problems: string[] = [];
      if (props.publishAllPorts === true) problems.push("publishAllPorts is true");
      if (ports.length > 0 && (role === undefined || !publishingRoles.includes(role)))
        problems.push(`a ${String(role)} container publishes ports ${ports.map((p) => String(p.external)).join(", ")}`);
      for (const port of ports) {
        const ip = typeof port.ip === "string" ? port.ip : "";
        if (ip === "" || ip === "0.0.0.0" || ip === "::")
          problems.push(`port ${String(port.external)} is published on all interfaces: set dockerPublishAddress`);
      }
      return problems;
    },
  ),
  containerPolicy(
    "docker-app-hardened",
    "The API containers run as on ECS: non-root, read-only root with a writable /tmp, health-checked on /ready; the migrations container non-root.",
    (props, role) => {
      if (role !== "api" && role !== "migrations") return [];
      const user = typeof props.user === "string" ? props.user : "";
      const problems = rootUsers.has(user) ? [`runs as root (user "${user}")`] : [];
      if (role !== "api") return problems;
      if (props.readOnly !== true) problems.push("the root filesystem is writable");
      if (!("/tmp" in asRecord(props.tmpfs))) problems.push("has no tmpfs at /tmp");
      const health = listOf(asRecord(props.healthcheck).tests).join(" ");
      if (!health.includes("/ready")) problems.push("has no health check on /ready");
      return problems;
    },
  ),
  {
    name: "docker-images-pinned",
    description: "Every pulled image is pinned by digest (name[:tag]@sha256:…), so a moved tag changes nothing.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      if (args.type !== "docker:index/remoteImage:RemoteImage") return;
      const name = typeof args.props.name === "string" ? args.props.name : "";
      if (!imageByDigestPattern.test(name)) reportViolation(`${name} is not pinned by digest`);
    },
  },
];
