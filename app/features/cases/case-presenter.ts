// The case as the API shows it: camelCase, ISO timestamps, and the version that doubles as the ETag.
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

export type CaseView = ReturnType<typeof presentCase>;

/** A strong entity tag from the version: `"3"`. */
export function entityTag(version: number): string {
  return `"${version}"`;
}

/**
 * Whether an If-Match header allows changing a resource at `version` (RFC 9110 §13.1.1): absent or `*` always
 * does; otherwise one of the listed tags must match strongly, so a weak tag (W/"3") never does.
 */
export function ifMatchAllows(header: string | undefined, version: number): boolean {
  if (header === undefined || header.trim() === "") return true;
  const tags = header.split(",").map((tag) => tag.trim());
  return tags.includes("*") || tags.includes(entityTag(version));
}
