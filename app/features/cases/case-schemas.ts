// Cases at the boundary: what a request may carry (strict: unknown fields are refused) and what a response holds.
import { z } from "../../api/openapi-zod.js";
import { pageOf, pageQuery } from "../../api/pagination.js";

export const caseStatuses = ["open", "in_progress", "on_hold", "closed"] as const;
export const casePriorities = ["low", "normal", "high", "urgent"] as const;

export const caseStatus = z.enum(caseStatuses).openapi("CaseStatus");
export const casePriority = z.enum(casePriorities).openapi("CasePriority");

const title = z.string().trim().min(1).max(200).openapi({ example: "Printer on floor 3 jams" });
const description = z.string().max(10_000).openapi({ example: "Jams on every duplex job since Monday." });
const assigneeId = z.uuid().openapi({ description: "A member of the organization" });

export const caseParams = z.object({ caseId: z.uuid() }).strict();

export const listCasesQuery = z
  .object({
    ...pageQuery,
    status: caseStatus.optional(),
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: "Full-text search in title and description (web search syntax)" }),
  })
  .strict();

export const createCaseBody = z
  .object({
    title,
    description: description.optional(),
    status: caseStatus.optional(),
    priority: casePriority.optional(),
    assigneeId: assigneeId.optional(),
  })
  .strict()
  .openapi("CreateCaseRequest");

export const updateCaseBody = z
  .object({
    title: title.optional(),
    description: description.optional(),
    status: caseStatus.optional(),
    priority: casePriority.optional(),
    assigneeId: assigneeId.nullable().optional().openapi({ description: "null unassigns" }),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: "at least one field to change" })
  .openapi("UpdateCaseRequest");

export const caseView = z
  .object({
    id: z.uuid(),
    reference: z.number().int().openapi({ description: "Per-organization case number" }),
    title: z.string(),
    description: z.string(),
    status: caseStatus,
    priority: casePriority,
    assigneeId: z.uuid().nullable(),
    createdBy: z.uuid().nullable(),
    version: z.number().int().openapi({ description: "Also sent as the ETag; send it back in If-Match" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Case");

export const casePage = pageOf(caseView, "CasePage");

export type CaseStatus = z.infer<typeof caseStatus>;
export type CasePriority = z.infer<typeof casePriority>;
export type ListCasesQuery = z.infer<typeof listCasesQuery>;
export type CreateCaseInput = z.infer<typeof createCaseBody>;
export type UpdateCaseInput = z.infer<typeof updateCaseBody>;
