// Isolation probes for the case routes: the attacker names the victim's case by id and must get 404, or lists and
// creates in their own organization and must see nothing of the victim's.
import { ifMatch } from "../../support/api-client.js";
import type { IsolationProbe, IsolationWorld } from "./isolation-probe.js";

const asAttacker = (world: IsolationWorld) => world.client.as(world.attacker.accessToken);

export const probes: IsolationProbe[] = [
  {
    route: "GET /cases",
    expectation: "own-data-only",
    attempt: (world) => asAttacker(world).get(`/cases?limit=100&q=${encodeURIComponent(world.victim.secretMarker)}`),
  },
  {
    route: "POST /cases",
    expectation: "own-data-only",
    attempt: (world) => asAttacker(world).post("/cases", { title: "Attacker's own case" }),
  },
  {
    route: "GET /cases/:caseId",
    expectation: "not-found",
    attempt: (world) => asAttacker(world).get(`/cases/${world.victim.caseId}`),
  },
  {
    route: "PATCH /cases/:caseId",
    expectation: "not-found",
    attempt: (world) => asAttacker(world).patch(`/cases/${world.victim.caseId}`, { title: "Hijacked" }, ifMatch("*")),
  },
  {
    route: "DELETE /cases/:caseId",
    expectation: "not-found",
    attempt: (world) => asAttacker(world).delete(`/cases/${world.victim.caseId}`, ifMatch("*")),
  },
];
