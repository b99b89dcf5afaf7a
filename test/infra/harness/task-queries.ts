// Reading the recorded task definition and IAM documents the way ECS and IAM will.
import type { StackRun } from "./stack-harness.js";
import { input, one, parseJson } from "./stack-queries.js";

export interface Container {
  name: string;
  image: string;
  essential: boolean;
  user?: string;
  readonlyRootFilesystem: boolean;
  privileged: boolean;
  portMappings?: { containerPort: number; name: string }[];
  environment: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
  mountPoints: { sourceVolume: string; containerPath: string; readOnly: boolean }[];
  stopTimeout: number;
  logConfiguration: { logDriver: string; options: Record<string, string> };
  linuxParameters?: { capabilities?: { drop?: string[] }; initProcessEnabled?: boolean };
}

export function containers(run: StackRun): Container[] {
  return JSON.parse(
    input<string>(one(run, "aws:ecs/taskDefinition:TaskDefinition"), "containerDefinitions"),
  ) as Container[];
}

export function container(run: StackRun, name: string): Container {
  const found = containers(run).find((c) => c.name === name);
  if (!found) throw new Error(`no container ${name}`);
  return found;
}

export function envOf(c: Container): Record<string, string> {
  return Object.fromEntries(c.environment.map((e) => [e.name, e.value]));
}

export function secretsOf(c: Container): Record<string, string> {
  return Object.fromEntries((c.secrets ?? []).map((s) => [s.name, s.valueFrom]));
}

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export function statements(run: StackRun, rolePolicyName: string): Statement[] {
  return parseJson(input(one(run, "aws:iam/rolePolicy:RolePolicy", rolePolicyName), "policy")).Statement as Statement[];
}

export const asList = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);
