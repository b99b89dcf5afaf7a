// The IAM role RDS assumes to publish enhanced-monitoring OS metrics, with AWS's managed policy for it. Its own
// piece, created by the database component as one of its children (never as a side effect of assembling the
// instances' inputs). Not a component of its own: that would move the role and its attachment under a new parent,
// changing their URNs, so Pulumi would replace the live role on production for no change in what it does.
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { servicePrincipalTrust } from "../iam-documents.js";

export const enhancedMonitoringPolicyArn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";

export function enhancedMonitoringRole(prefix: string, accountId: string, parent: pulumi.Resource): aws.iam.Role {
  const role = new aws.iam.Role(
    `${prefix}-rds-monitoring-role`,
    { assumeRolePolicy: servicePrincipalTrust("monitoring.rds.amazonaws.com", accountId) },
    { parent },
  );
  new aws.iam.RolePolicyAttachment(
    `${prefix}-rds-monitoring-policy`,
    { role: role.name, policyArn: enhancedMonitoringPolicyArn },
    { parent },
  );
  return role;
}
