// Isolation probes for the account routes: what the attacker sees is always their own organization.
import { uniqueEmail } from "../../support/api-world.js";
import type { IsolationProbe } from "./isolation-probe.js";

const asAttacker = (world: Parameters<IsolationProbe["attempt"]>[0]) => world.client.as(world.attacker.accessToken);

export const probes: IsolationProbe[] = [
  { route: "GET /me", expectation: "own-data-only", attempt: (world) => asAttacker(world).get("/me") },
  {
    route: "PATCH /me",
    expectation: "own-data-only",
    attempt: (world) => asAttacker(world).patch("/me", { name: "Mallory" }),
  },
  { route: "GET /me/export", expectation: "own-data-only", attempt: (world) => asAttacker(world).get("/me/export") },
  {
    route: "GET /organization",
    expectation: "own-data-only",
    attempt: (world) => asAttacker(world).get("/organization"),
  },
  {
    route: "PATCH /organization",
    expectation: "own-data-only",
    attempt: (world) => asAttacker(world).patch("/organization", { name: "Mallory Corp" }),
  },
  { route: "GET /members", expectation: "own-data-only", attempt: (world) => asAttacker(world).get("/members") },
  {
    route: "POST /members",
    expectation: "own-data-only",
    // The organization comes only from the token, so the attacker cannot even name the victim's: an invitation
    // lands in the attacker's own organization, and the receipt carries nothing of anyone's account.
    attempt: (world) => asAttacker(world).post("/members", { email: uniqueEmail("recruit"), role: "member" }),
  },
  {
    route: "GET /me/invitations",
    expectation: "own-data-only",
    attempt: (world) => asAttacker(world).get("/me/invitations"),
  },
  {
    route: "POST /me/invitations/:organizationId/accept",
    expectation: "not-found",
    attempt: (world) => asAttacker(world).post(`/me/invitations/${world.victim.owner.organizationId}/accept`),
  },
  {
    route: "DELETE /me/invitations/:organizationId",
    expectation: "not-found",
    attempt: (world) => asAttacker(world).delete(`/me/invitations/${world.victim.owner.organizationId}`),
  },
  {
    route: "PATCH /members/:userId",
    expectation: "not-found",
    attempt: (world) => asAttacker(world).patch(`/members/${world.victim.member.userId}`, { role: "admin" }),
  },
  {
    route: "DELETE /members/:userId",
    expectation: "not-found",
    attempt: (world) => asAttacker(world).delete(`/members/${world.victim.member.userId}`),
  },
];

/** Run after every other probe: the attacker erases themselves (alone in their organization). */
export const finalProbes: IsolationProbe[] = [
  {
    route: "DELETE /me",
    expectation: "own-data-only",
    attempt: (world) => world.client.as(world.attacker.accessToken).delete("/me"),
  },
];
