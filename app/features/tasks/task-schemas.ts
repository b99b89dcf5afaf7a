// Tasks at the boundary (strict: unknown fields are refused).
import { z } from "../../api/openapi-zod.js";
import { pageOf, pageQuery } from "../../api/pagination.js";

export const taskStatuses = ["todo", "in_progress", "done"] as const;
export const taskStatus = z.enum(taskStatuses).openapi("TaskStatus");

const title = z.string().trim().min(1).max(200).openapi({ example: "Order a new fuser unit" });
const dueDate = z.iso.date().openapi({ description: "Calendar date, YYYY-MM-DD", example: "2026-12-01" });
const assigneeId = z.uuid().openapi({ description: "A member of the organization" });

export const caseTasksParams = z.object({ caseId: z.uuid() }).strict();
export const taskParams = z.object({ caseId: z.uuid(), taskId: z.uuid() }).strict();

export const listTasksQuery = z
  .object({
    ...pageQuery,
    status: taskStatus.optional(),
  })
  .strict();

export const createTaskBody = z
  .object({
    title,
    status: taskStatus.optional(),
    dueDate: dueDate.nullable().optional(),
    assigneeId: assigneeId.nullable().optional(),
  })
  .strict()
  .openapi("CreateTaskRequest");

export const updateTaskBody = z
  .object({
    title: title.optional(),
    status: taskStatus.optional(),
    dueDate: dueDate.nullable().optional().openapi({ description: "null clears it" }),
    assigneeId: assigneeId.nullable().optional().openapi({ description: "null unassigns" }),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: "at least one field to change" })
  .openapi("UpdateTaskRequest");

export const taskView = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    title: z.string(),
    status: taskStatus,
    dueDate: z.string().nullable().openapi({ description: "YYYY-MM-DD" }),
    assigneeId: z.uuid().nullable(),
    version: z.number().int().openapi({ description: "Also sent as the ETag; send it back in If-Match" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Task");

export const taskPage = pageOf(taskView, "TaskPage");

export type TaskStatus = z.infer<typeof taskStatus>;
export type ListTasksQuery = z.infer<typeof listTasksQuery>;
export type CreateTaskInput = z.infer<typeof createTaskBody>;
export type UpdateTaskInput = z.infer<typeof updateTaskBody>;
