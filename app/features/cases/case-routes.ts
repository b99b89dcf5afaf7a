// GET|POST /cases, GET|PATCH|DELETE /cases/:caseId. Every answer holding one case carries its ETag; PATCH and
// DELETE require If-Match (missing → 428, stale → 412).
import type { ApiContext } from "../../api/api-context.js";
import { conditionalChangeResponses, etagHeader, ifMatchHeader } from "../../api/conditional-requests.js";
import { presentPage } from "../../api/pagination.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import type { ChangeListener } from "../../api/tenant-transactions.js";
import { presentCase, replyWithCase } from "./case-presenter.js";
import { caseParams, casePage, caseView, createCaseBody, listCasesQuery, updateCaseBody } from "./case-schemas.js";
import { createCase, deleteCase, getCase, listCases, updateCase } from "./case-service.js";

const etag = etagHeader("The case's version, for If-Match");

/** `onChange` hears of every committed change to an organization's cases. */
export function caseRoutes(api: ApiContext, onChange: ChangeListener): RouteDefinition[] {
  return [
    defineRoute({
      method: "get",
      path: "/cases",
      operationId: "listCases",
      tag: "cases",
      summary: "List cases, newest reference first (cursor pagination, filter by status, full-text q)",
      access: "member",
      transaction: "tenant-read",
      query: listCasesQuery,
      responses: { 200: { description: "A page of cases", schema: casePage } },
      run: (tx, { query }) => listCases(tx, query),
      reply: (cases) => ({ body: presentPage(cases, presentCase) }),
    }),
    defineRoute({
      method: "post",
      path: "/cases",
      operationId: "createCase",
      tag: "cases",
      summary: "Open a case (it receives the organization's next reference number)",
      access: "member",
      transaction: "tenant-write",
      body: createCaseBody,
      responses: { 201: { description: "Created; ETag holds its version", schema: caseView, headers: etag } },
      run: (tx, { body }) => createCase(tx, body, onChange, () => api.metrics.casesCreated.inc()),
      reply: (record) => replyWithCase(record, { created: true }),
    }),
    defineRoute({
      method: "get",
      path: "/cases/:caseId",
      operationId: "getCase",
      tag: "cases",
      summary: "Read a case",
      access: "member",
      transaction: "tenant-read",
      params: caseParams,
      responses: { 200: { description: "The case; ETag holds its version", schema: caseView, headers: etag } },
      run: (tx, { params }) => getCase(tx, params.caseId),
      reply: (record) => replyWithCase(record),
    }),
    defineRoute({
      method: "patch",
      path: "/cases/:caseId",
      operationId: "updateCase",
      tag: "cases",
      summary: "Change a case (If-Match with the ETag you read is required, so no one's change is overwritten)",
      description: "Only the fields sent are changed; assigneeId null unassigns. Each change increments the version.",
      access: "member",
      transaction: "tenant-write",
      params: caseParams,
      body: updateCaseBody,
      headers: ifMatchHeader,
      responses: {
        200: { description: "The changed case; ETag holds its new version", schema: caseView, headers: etag },
        ...conditionalChangeResponses,
      },
      run: (tx, { params, body, headers }) =>
        updateCase(tx, { caseId: params.caseId, input: body, ifMatch: headers["if-match"] }, onChange),
      reply: (record) => replyWithCase(record),
    }),
    defineRoute({
      method: "delete",
      path: "/cases/:caseId",
      operationId: "deleteCase",
      tag: "cases",
      summary: "Delete a case (soft: it disappears from every route, the audit trail keeps it; If-Match required)",
      access: "member",
      transaction: "tenant-write",
      params: caseParams,
      headers: ifMatchHeader,
      responses: { 204: { description: "Deleted" }, ...conditionalChangeResponses },
      run: (tx, { params, headers }) =>
        deleteCase(tx, { caseId: params.caseId, ifMatch: headers["if-match"] }, onChange),
    }),
  ];
}
