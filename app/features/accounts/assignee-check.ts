// An assignee must be a member of the organization. Shared by cases and tasks (and whatever is assigned next);
// answered as a field error so a client can point at the offending input.
import type { Executor } from "../../platform/database/database.js";
import { AppError } from "../../platform/errors/app-error.js";
import { isMember } from "./membership-repository.js";

export async function assertAssignable(
  db: Executor,
  organizationId: string,
  userId: string | null | undefined,
): Promise<void> {
  if (userId === null || userId === undefined) return;
  if (!(await isMember(db, organizationId, userId))) {
    throw new AppError("validation_failed", {
      fields: [{ field: "body.assigneeId", message: "not a member of this organization" }],
    });
  }
}
