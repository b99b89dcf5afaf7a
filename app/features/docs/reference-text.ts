// What the rendered reference says beyond the route table: a sentence per tag (the sidebar's groups) and the
// examples of every operation.
import type { ReferenceText } from "../../api/openapi-document.js";
import { operationExamples } from "./operation-examples.js";

export const referenceText: ReferenceText = {
  examples: operationExamples,
  tags: {
    auth: "Sign up, sign in, rotate and revoke tokens. The only operations that take no access token.",
    me: "The signed-in person: profile, invitations, a full export of their data, and erasure.",
    organization: "The organization the access token was issued for.",
    members: "Who belongs to the organization and with which role; admins invite by email.",
    cases: "The organization's cases: cursor-paged and searchable; changes are guarded by ETag and If-Match.",
    tasks: "Tasks inside a case, with a due date and an assignee.",
    dashboard: "Counts and recent activity, computed at most once a minute.",
    audit: "Every change, who made it, from where and in which request (admins).",
    docs: "This reference and the OpenAPI document it is rendered from.",
  },
};
