// GET|POST /cases/:caseId/tasks, GET|PATCH|DELETE /cases/:caseId/tasks/:taskId. Every answer holding one task
// carries its ETag; PATCH and DELETE require If-Match (missing → 428, stale → 412), as for cases.
import type { ApiContext } from "../../api/api-context.js";
import { conditionalChangeResponses, etagHeader, ifMatchHeader } from "../../api/conditional-requests.js";
import { presentPage } from "../../api/pagination.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import type { ChangeListener } from "../../api/tenant-transactions.js";
import { presentTask, replyWithTask } from "./task-presenter.js";
import {
  caseTasksParams,
  createTaskBody,
  listTasksQuery,
  taskPage,
  taskParams,
  taskView,
  updateTaskBody,
} from "./task-schemas.js";
import { createTask, deleteTask, getTask, listTasks, updateTask } from "./task-service.js";

const etag = etagHeader("The task's version, for If-Match");

/** `onChange` hears of every committed change to an organization's tasks. */
export function taskRoutes(api: ApiContext, onChange: ChangeListener): RouteDefinition[] {
  return [
    defineRoute({
      method: "get",
      path: "/cases/:caseId/tasks",
      operationId: "listTasks",
      tag: "tasks",
      summary: "List a case's tasks in the order they were added (cursor pagination, filter by status)",
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
      responses: { 201: { description: "Created; ETag holds its version", schema: taskView, headers: etag } },
      run: (tx, { params, body }) =>
        createTask(tx, params.caseId, body, onChange, () => api.metrics.tasksCreated.inc()),
      reply: (task) => replyWithTask(task, { created: true }),
    }),
    defineRoute({
      method: "get",
      path: "/cases/:caseId/tasks/:taskId",
      operationId: "getTask",
      tag: "tasks",
      summary: "Read a task",
      access: "member",
      transaction: "tenant-read",
      params: taskParams,
      responses: { 200: { description: "The task; ETag holds its version", schema: taskView, headers: etag } },
      run: (tx, { params }) => getTask(tx, params),
      reply: (task) => replyWithTask(task),
    }),
    defineRoute({
      method: "patch",
      path: "/cases/:caseId/tasks/:taskId",
      operationId: "updateTask",
      tag: "tasks",
      summary: "Change a task (dueDate or assigneeId null clears it; If-Match with the ETag you read is required)",
      description: "Only the fields sent are changed. Each change increments the version.",
      access: "member",
      transaction: "tenant-write",
      params: taskParams,
      body: updateTaskBody,
      headers: ifMatchHeader,
      responses: {
        200: { description: "The changed task; ETag holds its new version", schema: taskView, headers: etag },
        ...conditionalChangeResponses,
      },
      run: (tx, { params, body, headers }) =>
        updateTask(tx, { ...params, input: body, ifMatch: headers["if-match"] }, onChange),
      reply: (task) => replyWithTask(task),
    }),
    defineRoute({
      method: "delete",
      path: "/cases/:caseId/tasks/:taskId",
      operationId: "deleteTask",
      tag: "tasks",
      summary: "Delete a task (If-Match required)",
      access: "member",
      transaction: "tenant-write",
      params: taskParams,
      headers: ifMatchHeader,
      responses: { 204: { description: "Deleted" }, ...conditionalChangeResponses },
      run: (tx, { params, headers }) => deleteTask(tx, { ...params, ifMatch: headers["if-match"] }, onChange),
    }),
  ];
}
