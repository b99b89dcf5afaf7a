// Isolation probes for the task routes: every one names the victim's case (and task) and must get 404.
import { ifMatch } from "../../support/api-client.js";
import type { IsolationProbe, IsolationWorld } from "./isolation-probe.js";

const asAttacker = (world: IsolationWorld) => world.client.as(world.attacker.accessToken);
const taskPath = (world: IsolationWorld) => `/cases/${world.victim.caseId}/tasks/${world.victim.taskId}`;

export const probes: IsolationProbe[] = [
  {
    route: "GET /cases/:caseId/tasks",
    expectation: "not-found",
    attempt: (world) => asAttacker(world).get(`/cases/${world.victim.caseId}/tasks`),
  },
  {
    route: "POST /cases/:caseId/tasks",
    expectation: "not-found",
    attempt: (world) => asAttacker(world).post(`/cases/${world.victim.caseId}/tasks`, { title: "Planted task" }),
  },
  {
    route: "GET /cases/:caseId/tasks/:taskId",
    expectation: "not-found",
    attempt: (world) => asAttacker(world).get(taskPath(world)),
  },
  // With If-Match `*`, which any version satisfies: the 404 must come from the tenancy, not from a precondition.
  {
    route: "PATCH /cases/:caseId/tasks/:taskId",
    expectation: "not-found",
    attempt: (world) => asAttacker(world).patch(taskPath(world), { status: "done" }, ifMatch("*")),
  },
  {
    route: "DELETE /cases/:caseId/tasks/:taskId",
    expectation: "not-found",
    attempt: (world) => asAttacker(world).delete(taskPath(world), ifMatch("*")),
  },
];
