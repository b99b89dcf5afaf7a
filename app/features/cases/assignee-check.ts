// An assignee must be a member of the organization. Shared by cases and tasks; answered as a field error so a
// client can point at the offending input.
import type { Executor } from "../../platform/database/database.js";
import { AppError } from "../../platform/errors/app-error.js";

export async function assertAssignable(
  db: Executor,
  organizationId: string,
  userId: string | null | undefined,
): Promise<void> {
  if (userId === null || userId === undefined) return;
  const { rowCount } = await db.query("SELECT 1 FROM memberships WHERE organization_id = $1 AND user_id = $2", [
    organizationId,
    userId,
  ]);
  if (!rowCount) {
    throw new AppError("validation_failed", {
      fields: [{ field: "body.assigneeId", message: "not a member of this organization" }],
    });
  }
}
