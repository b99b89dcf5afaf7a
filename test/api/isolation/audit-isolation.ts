// Isolation probe for the audit trail: the attacker (an owner, so allowed to read audit events) sees only their
// own organization's events, even when filtering by the victim's ids.
import type { IsolationProbe, IsolationWorld } from "./isolation-probe.js";

const asAttacker = (world: IsolationWorld) => world.client.as(world.attacker.accessToken);

export const probes: IsolationProbe[] = [
  {
    route: "GET /audit-events",
    expectation: "own-data-only",
    attempt: (world) => asAttacker(world).get("/audit-events?limit=100"),
  },
];
