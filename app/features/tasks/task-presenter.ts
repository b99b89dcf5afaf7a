// The task as the API shows it.
import type { TaskRecord } from "./task-repository.js";

export function presentTask(record: TaskRecord) {
  return {
    id: record.id,
    caseId: record.case_id,
    title: record.title,
    status: record.status,
    dueDate: record.due_date,
    assigneeId: record.assignee_id,
    createdAt: record.created_at.toISOString(),
    updatedAt: record.updated_at.toISOString(),
  };
}
