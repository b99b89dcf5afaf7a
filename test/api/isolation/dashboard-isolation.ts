// Isolation probe for the dashboard: the attacker's own figures and activity, nothing of the victim's (whose case
// and task ids would show in recentActivity if the cache or the queries crossed organizations).
import type { IsolationProbe } from "./isolation-probe.js";

export const probes: IsolationProbe[] = [
  {
    route: "GET /dashboard",
    expectation: "own-data-only",
    attempt: (world) => world.client.as(world.attacker.accessToken).get("/dashboard"),
  },
];
