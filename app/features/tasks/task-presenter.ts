// The task as the API shows it: like a case, its version doubles as the ETag.
import { apiPrefix } from "../../api/api-router.js";
import { entityTag } from "../../api/conditional-requests.js";
import type { Reply } from "../../api/route-definition.js";
import type { TaskRecord } from "./task-repository.js";

export function presentTask(record: TaskRecord) {
  return {
    id: record.id,
    caseId: record.case_id,
    title: record.title,
    status: record.status,
    dueDate: record.due_date,
    assigneeId: record.assignee_id,
    version: record.version,
    createdAt: record.created_at.toISOString(),
    updatedAt: record.updated_at.toISOString(),
  };
}

/** Every answer holding one task carries its version as the ETag; a new task also its Location. */
export function replyWithTask(record: TaskRecord, options: { created?: boolean } = {}): Reply {
  return {
    body: presentTask(record),
    headers: {
      ETag: entityTag(record.version),
      ...(options.created ? { Location: `${apiPrefix}/cases/${record.case_id}/tasks/${record.id}` } : {}),
    },
  };
}
