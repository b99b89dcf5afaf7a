// GET|POST /cases, GET|PATCH|DELETE /cases/:caseId. Every answer holding one case carries its ETag; PATCH and
// DELETE honour If-Match (a stale one → 412).
import type { ApiContext } from "../../api/api-context.js";
import { apiPrefix } from "../../api/api-router.js";
import { z } from "../../api/openapi-zod.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import type { AppContext } from "../../platform/http/app-state.js";
import { entityTag, type CaseView } from "./case-presenter.js";
import { caseParams, casePage, caseView, createCaseBody, listCasesQuery, updateCaseBody } from "./case-schemas.js";
import { createCase, deleteCase, getCase, listCases, updateCase } from "./case-service.js";

function respondWithCase(ctx: AppContext, view: CaseView, status = 200): void {
  ctx.status = status;
  ctx.set("ETag", entityTag(view.version));
  if (status === 201) ctx.set("Location", `${apiPrefix}/cases/${view.id}`);
  ctx.body = view;
}

const ifMatch = (ctx: AppContext) => ctx.get("If-Match") || undefined;
const ifMatchHeader = z.object({
  "if-match": z
    .string()
    .optional()
    .openapi({ description: "The ETag of the version you read; a stale one answers 412", example: '"3"' }),
});
const etagHeader = z.object({
  etag: z.string().openapi({ description: "The case's version, for If-Match", example: '"3"' }),
});

export function caseRoutes(api: ApiContext): RouteDefinition[] {
  return [
    defineRoute({
      method: "get",
      path: "/cases",
      tag: "cases",
      summary: "List cases, newest first (cursor pagination, filter by status, full-text q)",
      access: "member",
      query: listCasesQuery,
      responses: { 200: { description: "A page of cases", schema: casePage } },
      async handle(ctx, { query }) {
        ctx.body = await listCases(ctx, query);
      },
    }),
    defineRoute({
      method: "post",
      path: "/cases",
      tag: "cases",
      summary: "Open a case (it receives the organization's next reference number)",
      access: "member",
      body: createCaseBody,
      responses: { 201: { description: "Created; ETag holds its version", schema: caseView, headers: etagHeader } },
      async handle(ctx, { body }) {
        respondWithCase(ctx, await createCase(api, ctx, body), 201);
      },
    }),
    defineRoute({
      method: "get",
      path: "/cases/:caseId",
      tag: "cases",
      summary: "Read a case",
      access: "member",
      params: caseParams,
      responses: { 200: { description: "The case; ETag holds its version", schema: caseView, headers: etagHeader } },
      async handle(ctx, { params }) {
        respondWithCase(ctx, await getCase(ctx, params.caseId));
      },
    }),
    defineRoute({
      method: "patch",
      path: "/cases/:caseId",
      tag: "cases",
      summary: "Change a case (send its ETag as If-Match to refuse overwriting someone else's change)",
      description: "Only the fields sent are changed; assigneeId null unassigns. Each change increments the version.",
      access: "member",
      params: caseParams,
      body: updateCaseBody,
      headers: ifMatchHeader,
      responses: {
        200: { description: "The changed case; ETag holds its new version", schema: caseView, headers: etagHeader },
        412: { description: "If-Match names an older version" },
      },
      async handle(ctx, { params, body }) {
        respondWithCase(ctx, await updateCase(api, ctx, params.caseId, body, ifMatch(ctx)));
      },
    }),
    defineRoute({
      method: "delete",
      path: "/cases/:caseId",
      tag: "cases",
      summary: "Delete a case (soft: it disappears from every route, the audit trail keeps it)",
      access: "member",
      params: caseParams,
      headers: ifMatchHeader,
      responses: { 204: { description: "Deleted" }, 412: { description: "If-Match names an older version" } },
      async handle(ctx, { params }) {
        await deleteCase(api, ctx, params.caseId, ifMatch(ctx));
        ctx.status = 204;
      },
    }),
  ];
}
