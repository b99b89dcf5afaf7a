// The caller's organization: read it, rename it (audited).
import type { TenantTransaction, TenantWriteTransaction } from "../../api/tenant-transactions.js";
import { AppError } from "../../platform/errors/app-error.js";
import {
  findOrganization,
  renameOrganization as rename,
  type OrganizationRecord,
} from "../accounts/organization-repository.js";
import type { UpdateOrganizationInput } from "./organization-schemas.js";

export async function getOrganization(tx: TenantTransaction): Promise<OrganizationRecord> {
  const organization = await findOrganization(tx, tx.actor.organizationId);
  if (!organization) throw new AppError("not_found");
  return organization;
}

export async function renameOrganization(
  tx: TenantWriteTransaction,
  input: UpdateOrganizationInput,
): Promise<OrganizationRecord> {
  const renamed = await rename(tx, tx.actor.organizationId, input.name);
  if (!renamed) throw new AppError("not_found");
  await tx.audit({
    action: "organization.updated",
    targetType: "organization",
    targetId: renamed.id,
    metadata: { fields: ["name"] },
  });
  return renamed;
}
