// Conditional requests (RFC 9110 §8.8.3, §13.1.1): a resource's version is sent as a strong ETag, and a change
// carrying If-Match applies only while one of the listed tags is still the current version's.
import { AppError } from "../platform/errors/app-error.js";
import { z } from "./openapi-zod.js";

/** A strong entity tag from the version: `"3"`. */
export function entityTag(version: number): string {
  return `"${version}"`;
}

/**
 * Whether an If-Match header allows changing a resource at `version`: absent or `*` always does; otherwise one of
 * the listed tags must match strongly, so a weak tag (W/"3") never does.
 */
export function ifMatchAllows(header: string | undefined, version: number): boolean {
  if (header === undefined || header.trim() === "") return true;
  const tags = header.split(",").map((tag) => tag.trim());
  return tags.includes("*") || tags.includes(entityTag(version));
}

/** Refuses (412, with the current ETag) a change whose If-Match names another version. */
export function requireMatchingVersion(header: string | undefined, version: number, resource: string): void {
  if (ifMatchAllows(header, version)) return;
  throw new AppError("precondition_failed", {
    detail: `The ${resource} is now at version ${version}; read it again and reapply your change.`,
    headers: { ETag: entityTag(version) },
  });
}

/** The request header a conditional change reads; routes declare it so the router validates and passes it on. */
export const ifMatchHeader = z.object({
  "if-match": z
    .string()
    .optional()
    .openapi({ description: "The ETag of the version you read; a stale one answers 412", example: '"3"' }),
});

export type IfMatchHeader = z.infer<typeof ifMatchHeader>;

/** The response header of a versioned resource, described for the resource at hand. */
export function etagHeader(description: string) {
  return z.object({ etag: z.string().openapi({ description, example: '"3"' }) });
}
