// The case as the API shows it: camelCase, ISO timestamps, and the version that doubles as the ETag.
import { apiPrefix } from "../../api/api-router.js";
import { entityTag } from "../../api/conditional-requests.js";
import type { Reply } from "../../api/route-definition.js";
import type { CaseRecord } from "./case-repository.js";

export function presentCase(record: CaseRecord) {
  return {
    id: record.id,
    reference: record.reference,
    title: record.title,
    description: record.description,
    status: record.status,
    priority: record.priority,
    assigneeId: record.assignee_id,
    createdBy: record.created_by,
    version: record.version,
    createdAt: record.created_at.toISOString(),
    updatedAt: record.updated_at.toISOString(),
  };
}

/** Every answer holding one case carries its version as the ETag; a new case also its Location. */
export function replyWithCase(record: CaseRecord, options: { created?: boolean } = {}): Reply {
  return {
    body: presentCase(record),
    headers: {
      ETag: entityTag(record.version),
      ...(options.created ? { Location: `${apiPrefix}/cases/${record.id}` } : {}),
    },
  };
}
