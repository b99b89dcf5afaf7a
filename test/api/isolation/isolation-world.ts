// The world every isolation probe runs in: a victim organization with members, a case and a task, and an
// attacker from another organization.
import { randomUUID } from "node:crypto";
import type { ApiClient } from "../../support/api-client.js";
import { createOrganization, signUp } from "../../support/api-world.js";
import type { IsolationWorld } from "./isolation-probe.js";

export async function buildIsolationWorld(client: ApiClient): Promise<IsolationWorld> {
  const victim = await createOrganization(client);
  const secretMarker = `secret-${randomUUID()}`;
  const created = await client
    .as(victim.owner.accessToken)
    .post<{ id: string }>("/cases", { title: `Case ${secretMarker}`, description: secretMarker });
  if (created.status !== 201) throw new Error(`creating the victim's case failed: ${created.status} ${created.text}`);
  const task = await client
    .as(victim.owner.accessToken)
    .post<{ id: string }>(`/cases/${created.body.id}/tasks`, { title: `Task ${secretMarker}` });
  if (task.status !== 201) throw new Error(`creating the victim's task failed: ${task.status} ${task.text}`);
  const attacker = await signUp(client, "attacker");
  return { client, victim: { ...victim, caseId: created.body.id, taskId: task.body.id, secretMarker }, attacker };
}
