// The policy pack `pulumi preview --policy-pack infra/policy/pack` runs: the same list the tests run.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies.js";

new PolicyPack("rusty-saas", {
  description:
    "Rusty SaaS guardrails: encrypted private data stores, no public ingress but the load balancer, tags, log retention, TLS 1.3 and redirect-only HTTP at the edge, no admin IAM grants, unprivileged read-only containers",
  policies,
});
