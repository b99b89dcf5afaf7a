// GET|POST /cases/:caseId/tasks, PATCH|DELETE /cases/:caseId/tasks/:taskId.
import type { ApiContext } from "../../api/api-context.js";
import { presentPage } from "../../api/pagination.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import type { ChangeListener } from "../../api/tenant-transactions.js";
import { presentTask } from "./task-presenter.js";
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

/** `onChange` hears of every committed change to an organization's tasks. */
export function taskRoutes(api: ApiContext, onChange: ChangeListener): RouteDefinition[] {
  return [
    defineRoute({
      method: "get",
      path: "/cases/:caseId/tasks",
      operationId: "listTasks",
      tag: "tasks",
      summary: "List a case's tasks, oldest first (cursor pagination, filter by status)",
      access: "member",
      transaction: "tenant-read",
      params: caseTasksParams,
      query: listTasksQuery,
      responses: { 200: { description: "A page of tasks", schema: taskPage } },
      run: (tx, { params, query }) => listTasks(tx, params.caseId, query),
      reply: (tasks) => ({ body: presentPage(tasks, presentTask) }),
    }),
    defineRoute({
      method: "post",
      path: "/cases/:caseId/tasks",
      operationId: "createTask",
      tag: "tasks",
      summary: "Add a task to a case",
      access: "member",
      transaction: "tenant-write",
      params: caseTasksParams,
      body: createTaskBody,
      responses: { 201: { description: "Created", schema: taskView } },
      run: (tx, { params, body }) =>
        createTask(tx, params.caseId, body, onChange, () => api.metrics.tasksCreated.inc()),
      reply: (task) => ({ body: presentTask(task) }),
    }),
    defineRoute({
      method: "patch",
      path: "/cases/:caseId/tasks/:taskId",
      operationId: "updateTask",
      tag: "tasks",
      summary: "Change a task (dueDate or assigneeId null clears it)",
      access: "member",
      transaction: "tenant-write",
      params: taskParams,
      body: updateTaskBody,
      responses: { 200: { description: "The changed task", schema: taskView } },
      run: (tx, { params, body }) => updateTask(tx, params, body, onChange),
      reply: (task) => ({ body: presentTask(task) }),
    }),
    defineRoute({
      method: "delete",
      path: "/cases/:caseId/tasks/:taskId",
      operationId: "deleteTask",
      tag: "tasks",
      summary: "Delete a task",
      access: "member",
      transaction: "tenant-write",
      params: taskParams,
      responses: { 204: { description: "Deleted" } },
      run: (tx, { params }) => deleteTask(tx, params, onChange),
    }),
  ];
}
