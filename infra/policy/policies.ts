// The policy list: a plain array, run by the pack (`pulumi preview --policy-pack infra/policy/pack`) and by the
// tests over the mocked resources of every stack (the docker target's policies: docker-policies.ts).
import type { Policies } from "@pulumi/policy";
import { dataPolicies } from "./data-policies.js";
import { dockerPolicies } from "./docker-policies.js";
import { hygienePolicies } from "./hygiene-policies.js";
import { networkPolicies } from "./network-policies.js";
import { recoveryStackPolicies } from "./recovery-policies.js";
import { serviceResourcePolicies, serviceStackPolicies } from "./service-policies.js";

export const policies: Policies = [
  ...dataPolicies,
  ...networkPolicies,
  ...hygienePolicies,
  ...serviceResourcePolicies,
  ...serviceStackPolicies,
  ...recoveryStackPolicies,
  ...dockerPolicies,
];
