// Housekeeping that keeps a bill readable and logs bounded.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { requiredTagKeys } from "../naming.js";
import { effectiveTags } from "./policy-helpers.js";

export const hygienePolicies: ResourceValidationPolicy[] = [
  {
    name: "aws-resources-tagged",
    description: `Every AWS resource carries ${requiredTagKeys.join(", ")} (from its provider's default tags or its own).`,
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      if (!args.type.startsWith("aws:")) return;
      const tags = effectiveTags(args);
      const missing = requiredTagKeys.filter((key) => !tags[key]);
      if (missing.length > 0)
        reportViolation(`missing tags ${missing.join(", ")}: create it with the stack's aws provider`);
    },
  },
  {
    name: "log-group-retention",
    description: "Every CloudWatch log group has a retention period (the default keeps logs, and their cost, forever).",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      if (args.type !== "aws:cloudwatch/logGroup:LogGroup") return;
      const retention = args.props.retentionInDays;
      if (typeof retention !== "number" || retention <= 0) reportViolation("retentionInDays must be set");
    },
  },
];
