// A little of everything a real client does: sign up, create a case and a task on it, read them back, hit the
// probes and an unknown route. Enough for every API metric family to have samples.
import { ApiClient } from "./api-client.js";
import { signUp } from "./api-world.js";

export async function sendProductTraffic(baseUrl: string): Promise<void> {
  const client = new ApiClient(baseUrl);
  const owner = await signUp(client, "metrics");
  const as = client.as(owner.accessToken);
  const created = await as.post<{ id: string }>("/cases", { title: "Metrics case" });
  if (created.status !== 201) throw new Error(`case creation failed: ${created.status} ${created.text}`);
  const task = await as.post(`/cases/${created.body.id}/tasks`, { title: "Metrics task" });
  if (task.status !== 201) throw new Error(`task creation failed: ${task.status} ${task.text}`);
  await as.get("/cases");
  await as.get("/dashboard");
  for (const probe of ["/live", "/ready", "/health", "/no-such-route"]) await fetch(`${baseUrl}${probe}`);
}
