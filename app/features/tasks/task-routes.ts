// GET|POST /cases/:caseId/tasks, PATCH|DELETE /cases/:caseId/tasks/:taskId.
import type { ApiContext } from "../../api/api-context.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import {
  caseTasksParams,
  createTaskBody,
  listTasksQuery,
  taskPage,
  taskParams,
  taskView,
  updateTaskBody,
} from "./task-schemas.js";
import { createTask, deleteTask, listTasks, updateTask } from "./task-service.js";

export function taskRoutes(api: ApiContext): RouteDefinition[] {
  return [
    defineRoute({
      method: "get",
      path: "/cases/:caseId/tasks",
      tag: "tasks",
      summary: "List a case's tasks, oldest first (cursor pagination, filter by status)",
      access: "member",
      params: caseTasksParams,
      query: listTasksQuery,
      responses: { 200: { description: "A page of tasks", schema: taskPage } },
      async handle(ctx, { params, query }) {
        ctx.body = await listTasks(ctx, params.caseId, query);
      },
    }),
    defineRoute({
      method: "post",
      path: "/cases/:caseId/tasks",
      tag: "tasks",
      summary: "Add a task to a case",
      access: "member",
      params: caseTasksParams,
      body: createTaskBody,
      responses: { 201: { description: "Created", schema: taskView } },
      async handle(ctx, { params, body }) {
        ctx.status = 201;
        ctx.body = await createTask(api, ctx, params.caseId, body);
      },
    }),
    defineRoute({
      method: "patch",
      path: "/cases/:caseId/tasks/:taskId",
      tag: "tasks",
      summary: "Change a task (dueDate or assigneeId null clears it)",
      access: "member",
      params: taskParams,
      body: updateTaskBody,
      responses: { 200: { description: "The changed task", schema: taskView } },
      async handle(ctx, { params, body }) {
        ctx.body = await updateTask(api, ctx, params.caseId, params.taskId, body);
      },
    }),
    defineRoute({
      method: "delete",
      path: "/cases/:caseId/tasks/:taskId",
      tag: "tasks",
      summary: "Delete a task",
      access: "member",
      params: taskParams,
      responses: { 204: { description: "Deleted" } },
      async handle(ctx, { params }) {
        await deleteTask(api, ctx, params.caseId, params.taskId);
        ctx.status = 204;
      },
    }),
  ];
}
