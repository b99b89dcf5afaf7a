// The service's guardrails: TLS 1.3 at the edge, plain HTTP only redirecting, no admin IAM grants, containers
// unprivileged with read-only root filesystems (one documented exception for ECS Exec, decision 0023).
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { asArray, asRecord, listOf, parseMaybeJson, policyStatements, type Props } from "./policy-helpers.js";

export const requiredTlsPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";
const listener = "aws:lb/listener:Listener";
const iamDocumentTypes: Record<string, string> = {
  "aws:iam/rolePolicy:RolePolicy": "policy",
  "aws:iam/policy:Policy": "policy",
  "aws:iam/userPolicy:UserPolicy": "policy",
  "aws:iam/groupPolicy:GroupPolicy": "policy",
};

function isRedirectToHttps(action: Props): boolean {
  return action.type === "redirect" && asRecord(action.redirect).protocol === "HTTPS";
}

function grantsEverything(statement: Props): boolean {
  if (statement.Effect !== "Allow") return false;
  const actions = listOf(statement.Action);
  const resources = listOf(statement.Resource);
  return actions.some((action) => action === "*" || action === "*:*") && resources.includes("*");
}

function containers(props: Props): Props[] {
  return asArray(parseMaybeJson(props.containerDefinitions)).map(asRecord);
}

export const serviceResourcePolicies: ResourceValidationPolicy[] = [
  {
    name: "https-listener-tls13",
    description: `HTTPS listeners use ${requiredTlsPolicy} (the API default is a 2016 policy).`,
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      if (args.type === listener && args.props.protocol === "HTTPS" && args.props.sslPolicy !== requiredTlsPolicy) {
        reportViolation(`sslPolicy is ${String(args.props.sslPolicy)}; use ${requiredTlsPolicy}`);
      }
    },
  },
  {
    name: "no-iam-admin-grants",
    description: "No IAM statement allows every action on every resource, and no role gets AdministratorAccess.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      const documentKey = iamDocumentTypes[args.type];
      const documents = documentKey
        ? [args.props[documentKey]]
        : args.type === "aws:iam/role:Role"
          ? asArray(args.props.inlinePolicies).map((p) => asRecord(p).policy)
          : [];
      for (const statement of documents.flatMap(policyStatements)) {
        if (grantsEverything(statement)) reportViolation(`statement ${String(statement.Sid ?? "")} allows "*" on "*"`);
      }
      if (
        args.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" &&
        /:policy\/AdministratorAccess$/.test(String(args.props.policyArn))
      ) {
        reportViolation("attaches AdministratorAccess");
      }
    },
  },
  {
    name: "no-privileged-containers",
    description: "No ECS container runs privileged.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      if (args.type !== "aws:ecs/taskDefinition:TaskDefinition") return;
      for (const container of containers(args.props))
        if (container.privileged === true) reportViolation(`container ${String(container.name)} is privileged`);
    },
  },
];

export const serviceStackPolicies: StackValidationPolicy[] = [
  {
    name: "read-only-root-filesystem",
    description:
      "Every ECS container has a read-only root filesystem (writable paths are explicit volumes), except the one " +
      "exception of decision 0023: with ECS Exec on the service, a container running an init process.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
      const execTaskDefinitions = new Set(
        args.resources
          .filter((r) => r.type === "aws:ecs/service:Service" && r.props.enableExecuteCommand === true)
          .flatMap((r) => (r.propertyDependencies.taskDefinition ?? []).map((dep) => dep.urn)),
      );
      for (const task of args.resources.filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition")) {
        for (const container of containers(task.props)) {
          if (container.readonlyRootFilesystem === true) continue;
          const documentedException =
            execTaskDefinitions.has(task.urn) && asRecord(container.linuxParameters).initProcessEnabled === true;
          if (!documentedException)
            reportViolation(
              `container ${String(container.name)} has a writable root filesystem outside the ECS Exec exception`,
              task.urn,
            );
        }
      }
    },
  },
  {
    name: "http-listener-redirects-only",
    description: "Plain-HTTP listeners, and any rule on them, only redirect to HTTPS.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
      const httpListeners = new Set(
        args.resources.filter((r) => r.type === listener && r.props.protocol === "HTTP").map((r) => r.urn),
      );
      for (const resource of args.resources) {
        if (httpListeners.has(resource.urn)) {
          const actions = asArray(resource.props.defaultActions).map(asRecord);
          if (actions.length === 0 || !actions.every(isRedirectToHttps))
            reportViolation(`HTTP listener ${resource.name} does something other than redirect to HTTPS`, resource.urn);
        }
        if (
          resource.type === "aws:lb/listenerRule:ListenerRule" &&
          (resource.propertyDependencies.listenerArn ?? []).some((dep) => httpListeners.has(dep.urn))
        ) {
          if (!asArray(resource.props.actions).map(asRecord).every(isRedirectToHttps))
            reportViolation(`rule ${resource.name} on an HTTP listener does not redirect to HTTPS`, resource.urn);
        }
      }
    },
  },
];
