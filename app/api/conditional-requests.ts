// Conditional requests (RFC 9110 §8.8.3, §13.1.1; RFC 6585 §3): a resource's version is sent as a strong ETag,
// and a change must carry If-Match naming the version it was made from. Without If-Match the change is refused
// (428), so a client cannot overwrite someone else's change by forgetting the header; with a tag that is no longer
// current it is refused (412). `*` is the explicit "whatever is there now" of RFC 9110, kept as a deliberate
// opt-out that a reader of the client's code can see.
import { AppError } from "../platform/errors/app-error.js";
import { z } from "./openapi-zod.js";

/** A strong entity tag from the version: `"3"`. */
export function entityTag(version: number): string {
  return `"${version}"`;
}

/** Whether an If-Match header was sent at all: an empty one counts as absent. */
export function ifMatchPresent(header: string | undefined): header is string {
  return header !== undefined && header.trim() !== "";
}

/**
 * Whether a present If-Match allows changing a resource at `version`: `*` always does; otherwise one of the listed
 * tags must match strongly, so a weak tag (W/"3") never does.
 */
export function ifMatchAllows(header: string, version: number): boolean {
  const tags = header.split(",").map((tag) => tag.trim());
  return tags.includes("*") || tags.includes(entityTag(version));
}

/**
 * Refuses a change without If-Match (428) or whose If-Match names another version (412); both carry the current
 * ETag, so a client that read the resource long ago learns what to read again.
 */
export function requireMatchingVersion(header: string | undefined, version: number, resource: string): void {
  const headers = { ETag: entityTag(version) };
  if (!ifMatchPresent(header))
    throw new AppError("precondition_required", {
      detail: `Send If-Match with the ETag of the ${resource} you read (or * to overwrite whatever is there).`,
      headers,
    });
  if (ifMatchAllows(header, version)) return;
  throw new AppError("precondition_failed", {
    detail: `The ${resource} is now at version ${version}; read it again and reapply your change.`,
    headers,
  });
}

/**
 * The request header a conditional change reads. Documented as required; parsed as optional so that its absence
 * reaches `requireMatchingVersion` and is answered 428 (a missing precondition), not 400 (malformed input).
 */
export const ifMatchHeader = z.object({
  "if-match": z
    .string()
    .optional()
    .openapi({
      description: "The ETag of the version you read (`*`: whatever is current). Missing: 428; stale: 412",
      example: '"3"',
      param: { required: true },
    }),
});

export type IfMatchHeader = z.infer<typeof ifMatchHeader>;

/** The response header of a versioned resource, described for the resource at hand. */
export function etagHeader(description: string) {
  return z.object({ etag: z.string().openapi({ description, example: '"3"' }) });
}

const currentVersion = etagHeader("The current version: read the resource again, then send this as If-Match");

/** The refusals every conditional change declares besides its success. */
export const conditionalChangeResponses = {
  412: { description: "If-Match names an older version (precondition_failed)", headers: currentVersion },
  428: { description: "If-Match is missing (precondition_required)", headers: currentVersion },
};
